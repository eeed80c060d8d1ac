package io.alps.api.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes artifacts under a directory, each through a temporary file, so no file is ever half-written. */
public final class DirectorySink implements ArtifactSink {
    private final Path root;

    public DirectorySink(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    @Override
    public void write(String path, byte[] bytes) {
        Path target = root.resolve(path);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
