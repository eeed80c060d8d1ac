package io.alps.api.data;

import io.alps.api.model.ImageShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A data set of one's own images: {@code train/<class>/*} (labelled), {@code test/<class>/*}
 * (labelled, for evaluation) and optionally {@code unlabeled/*} (a pool without labels). Class
 * names are the folder names under {@code train/}; images are PNG, JPEG, BMP or GIF files, brought
 * to {@link #shape(int)} by the reader (shorter side resized to the size, then the centre square
 * kept; {@link #SHAPE} at the default 32).
 */
public final class FolderLayout {
    public static final String TRAIN = "train";
    public static final String TEST = "test";
    public static final String UNLABELED = "unlabeled";
    public static final ImageShape SHAPE = new ImageShape(3, 32, 32);

    /** The shape every image of a folder data set is brought to at {@code size} pixels a side. */
    public static ImageShape shape(int size) {
        return new ImageShape(SHAPE.channels(), size, size);
    }
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    /** The longest class name (in characters) a data set may use: names show in reports, charts and the console. */
    public static final int MAX_CLASS_NAME = 100;

    private FolderLayout() {
    }

    /** True when {@code dir} has a {@code train/} folder with at least one class folder in it. */
    public static boolean isFolder(Path dir) {
        return Files.isDirectory(dir.resolve(TRAIN)) && !classes(dir).isEmpty();
    }

    /** The class names: the folders under {@code train/}, sorted. */
    public static List<String> classes(Path dir) {
        return folders(dir.resolve(TRAIN));
    }

    /**
     * Refuses a class folder (under {@code train/} or {@code test/}) whose name holds a control
     * character or is longer than {@link #MAX_CLASS_NAME}, a training class without images, or a
     * test class {@code train/} lacks, as the reader would: the message names the folder. Everything
     * else people name classes with is kept (spaces, accents, punctuation); pages escape it.
     */
    public static void checkClasses(Path dir) {
        checkClassNames(dir);
        for (String c : classes(dir)) {
            if (images(dir.resolve(TRAIN).resolve(c)).isEmpty()) {
                throw new IllegalArgumentException(TRAIN + "/" + ShownNames.shown(c)
                        + ": no images in this class folder (PNG, JPEG, BMP or GIF)");
            }
        }
        List<String> classes = classes(dir);
        for (String c : folders(dir.resolve(TEST))) {
            if (!classes.contains(c)) {
                throw new IllegalArgumentException(TEST + "/" + ShownNames.shown(c) + ": class '" + ShownNames.shown(c)
                        + "' is not among " + TRAIN + "/'s classes (" + String.join(", ", classes) + ")");
            }
        }
    }

    /** Refuses a class folder whose name holds a control character or is longer than {@link #MAX_CLASS_NAME}. */
    public static void checkClassNames(Path dir) {
        for (String part : List.of(TRAIN, TEST)) {
            for (String c : folders(dir.resolve(part))) {
                String folder = part + "/" + ShownNames.shown(c);
                int length = c.codePointCount(0, c.length());
                if (length > MAX_CLASS_NAME) {
                    throw new IllegalArgumentException(folder + ": a class name of " + length
                            + " characters is longer than the limit of " + MAX_CLASS_NAME);
                }
                c.codePoints().filter(Character::isISOControl).findFirst().ifPresent(cp -> {
                    throw new IllegalArgumentException(folder + ": a class name may not hold control characters (U+"
                            + String.format("%04X", cp) + ")");
                });
            }
        }
    }

    /** The folders directly under {@code dir}, sorted by name (none when it is missing). */
    public static List<String> folders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.getFileName(), e);
        }
    }

    /** The image files directly in {@code dir}, sorted by name (other files are ignored). */
    public static List<Path> images(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isRegularFile).filter(FolderLayout::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.getFileName(), e);
        }
    }

    public static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0
                && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** How many images a part ({@code train} or {@code test}) has over all its class folders. */
    public static long count(Path dir, String part) {
        long n = 0;
        for (String c : folders(dir.resolve(part))) {
            n += images(dir.resolve(part).resolve(c)).size();
        }
        return n;
    }
}
