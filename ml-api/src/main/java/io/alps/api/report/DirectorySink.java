package io.alps.api.report;

import io.alps.api.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

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
            AtomicFiles.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
