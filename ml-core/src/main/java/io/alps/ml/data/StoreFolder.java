package io.alps.ml.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where {@link ImageStore}s are kept and what each is called. A store's name carries a digest of
 * everything its images depend on: the data set's kind, its files (path, size and modification
 * time of each, so changed files make a new store), the image size, the limits and the store format.
 * The same request on unchanged files finds its store again; anything else builds a new one.
 *
 * <p>The command line keeps stores in {@value #DEFAULT} under the working folder unless the system
 * property {@value #PROPERTY} or the environment variable {@value #ENV} names another folder; the
 * services keep them in their data set cache folder.
 */
public final class StoreFolder {
    public static final String PROPERTY = "alps.store.dir";
    public static final String ENV = "ALPS_STORE_DIR";
    public static final String DEFAULT = "cache/images";
    /** Changes whenever what a store holds for the same request changes (resize rule, file format). */
    private static final String FORMAT = "1";

    private final Path dir;

    public StoreFolder(Path dir) {
        this.dir = dir;
    }

    /** The command line's folder: {@value #PROPERTY}, else {@value #ENV}, else {@value #DEFAULT}. */
    public static StoreFolder fromEnvironment() {
        String property = System.getProperty(PROPERTY);
        String env = System.getenv(ENV);
        String chosen = property != null && !property.isBlank() ? property : env != null && !env.isBlank() ? env : DEFAULT;
        return new StoreFolder(Path.of(chosen));
    }

    public Path dir() {
        return dir;
    }

    /** The training and test store files for {@code request} read from {@code source}. */
    public Path[] files(DataRequest request, Path source) {
        String base = safe(source.toAbsolutePath().normalize().getFileName()) + "-" + request.imageSize() + "px-"
                + digest(request, source);
        return new Path[] {dir.resolve(base + ".train.images"), dir.resolve(base + ".test.images")};
    }

    private static String safe(Path name) {
        String s = name == null ? "data" : name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    private static String digest(DataRequest request, Path source) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        Path root = source.toAbsolutePath().normalize();
        update(sha, "format " + FORMAT + "\nkind " + request.kind().name() + "\nsize " + request.imageSize()
                + "\ntrain " + request.trainLimit() + "\ntest " + request.testLimit() + "\nsource " + root + "\n");
        for (Path f : files(root)) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                update(sha, root.relativize(f) + " " + a.size() + " " + a.lastModifiedTime().toMillis() + "\n");
            } catch (IOException e) {
                throw new DataException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 20);
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The regular files under {@code source} (itself when it is one), sorted. */
    private static List<Path> files(Path source) {
        if (!Files.isDirectory(source)) {
            return List.of(source);
        }
        try (Stream<Path> all = Files.walk(source)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + source, e);
        }
    }

}
