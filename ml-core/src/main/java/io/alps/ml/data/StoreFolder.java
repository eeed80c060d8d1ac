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
    private final java.util.function.Function<Path, String> sourceName;

    /** A folder naming each store after its source's folder (or file) name. */
    public StoreFolder(Path dir) {
        this(dir, source -> source.getFileName() == null ? "data" : source.getFileName().toString());
    }

    /** A folder naming each store after {@code sourceName} of its source's absolute path (a service: its upload's copy). */
    public StoreFolder(Path dir, java.util.function.Function<Path, String> sourceName) {
        this.dir = dir;
        this.sourceName = sourceName;
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

    /** The folder (or file) name of the source a store in this folder was read from. */
    public static String sourceOf(Path store) {
        String name = store.getFileName().toString();
        int size = name.lastIndexOf("px-");
        int dash = size < 0 ? -1 : name.lastIndexOf('-', size);
        return dash < 0 ? null : name.substring(0, dash);
    }

    /** Whether {@code file} is a store (not a store being written). */
    public static boolean isStore(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".train.images") || name.endsWith(".test.images");
    }

    /**
     * The training and test store files for {@code request} read from {@code source}: named
     * {@code <source name>-<size>px-<digest>.train.images} and {@code .test.images}.
     */
    public Path[] files(DataRequest request, Path source) {
        String base = safe(sourceName.apply(source.toAbsolutePath().normalize())) + "-" + request.imageSize() + "px-"
                + digest(request, source);
        return new Path[] {dir.resolve(base + ".train.images"), dir.resolve(base + ".test.images")};
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
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
