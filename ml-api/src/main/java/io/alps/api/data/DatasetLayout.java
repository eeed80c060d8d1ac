package io.alps.api.data;

import io.alps.api.model.ImageShape;
import io.alps.api.spec.DatasetKind;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The files each data set kind is stored in, known in this one place: the readers (ml-core) take
 * the file names from here, and a service without the ML engine can tell which kind a directory
 * holds and how many images it has from the files' sizes and headers, without reading the images.
 */
public final class DatasetLayout {
    /** CIFAR-10's binary layout: five training files and one test file of 1 label + 3,072 pixel bytes per record. */
    public static final List<String> CIFAR_TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String CIFAR_TEST_FILE = "test_batch.bin";
    public static final int CIFAR_RECORD_BYTES = 1 + 3 * 32 * 32;
    /** The folder the official archive unpacks to, accepted inside a data set directory. */
    public static final String CIFAR_NESTED = "cifar-10-batches-bin";
    public static final List<String> CIFAR_CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    public static final ImageShape CIFAR_SHAPE = new ImageShape(3, 32, 32);

    /** Fashion-MNIST's IDX files (optionally gzipped): 28x28 images, padded to 32x32 for the networks. */
    public static final String FASHION_TRAIN = "train";
    public static final String FASHION_TEST = "t10k";
    public static final List<String> FASHION_CLASSES = List.of(
            "t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");
    public static final ImageShape FASHION_SHAPE = new ImageShape(1, 32, 32);
    public static final int IDX_IMAGES_MAGIC = 2051;
    public static final int IDX_LABELS_MAGIC = 2049;

    private DatasetLayout() {
    }

    public static String fashionImages(String part) {
        return part + "-images-idx3-ubyte";
    }

    public static String fashionLabels(String part) {
        return part + "-labels-idx1-ubyte";
    }

    /** True when {@code dir} holds every CIFAR-10 file. */
    public static boolean isCifar(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (String f : CIFAR_TRAIN_FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return Files.isRegularFile(dir.resolve(CIFAR_TEST_FILE));
    }

    /** The CIFAR-10 files' folder: {@code dir} itself or the official archive's folder inside it. */
    public static Path cifarFolder(Path dir) {
        return !isCifar(dir) && isCifar(dir.resolve(CIFAR_NESTED)) ? dir.resolve(CIFAR_NESTED) : dir;
    }

    /** The IDX file {@code base} in {@code dir}, plain or gzipped, or null. */
    public static Path fashionFile(Path dir, String base) {
        for (String candidate : List.of(base, base + ".gz")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    public static boolean isFashion(Path dir) {
        return fashionFile(dir, fashionImages(FASHION_TRAIN)) != null && fashionFile(dir, fashionLabels(FASHION_TRAIN)) != null
                && fashionFile(dir, fashionImages(FASHION_TEST)) != null && fashionFile(dir, fashionLabels(FASHION_TEST)) != null;
    }

    /** What a data set folder must hold, for the messages about one that does not ("holds neither ..."). */
    public static final String LAYOUTS = "the CIFAR-10 binary files (data_batch_1.bin .. data_batch_5.bin, "
            + "test_batch.bin), the four Fashion-MNIST IDX files, nor train/<class>/ image folders";

    /** The name a data set folder is registered under when none is given: the folder's own name. */
    public static String nameOf(Path dir) {
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }

    /** Which kind of data set {@code dir} holds, if any. */
    public static Optional<DatasetKind> kindOf(Path dir) {
        if (isCifar(cifarFolder(dir))) {
            return Optional.of(DatasetKind.CIFAR10);
        }
        if (isFashion(dir)) {
            return Optional.of(DatasetKind.FASHION_MNIST);
        }
        return FolderLayout.isFolder(dir) ? Optional.of(DatasetKind.FOLDER) : Optional.empty();
    }

    /** Describes the data set in {@code dir} under {@code name}; an error names the file that is wrong. */
    public static DatasetInfo describe(String name, Path dir) {
        DatasetKind kind = kindOf(dir).orElseThrow(() -> new IllegalArgumentException("data set '" + name
                + "': its folder " + dir.getFileName() + " holds neither " + LAYOUTS));
        if (kind == DatasetKind.CIFAR10) {
            Path folder = cifarFolder(dir);
            long train = 0;
            for (String f : CIFAR_TRAIN_FILES) {
                train += records(folder.resolve(f));
            }
            return info(name, kind, CIFAR_SHAPE, CIFAR_CLASSES, train, records(folder.resolve(CIFAR_TEST_FILE)));
        }
        if (kind == DatasetKind.FOLDER) {
            FolderLayout.checkClasses(dir);
            return info(name, kind, FolderLayout.SHAPE, FolderLayout.classes(dir), FolderLayout.count(dir, FolderLayout.TRAIN),
                    FolderLayout.count(dir, FolderLayout.TEST));
        }
        return info(name, kind, FASHION_SHAPE, FASHION_CLASSES, checkFashion(dir, FASHION_TRAIN), checkFashion(dir, FASHION_TEST));
    }

    private static DatasetInfo info(String name, DatasetKind kind, ImageShape shape, List<String> classes, long train,
                                    long test) {
        return new DatasetInfo(name, kind.id(), List.of(shape.channels(), shape.height(), shape.width()), classes.size(),
                classes, train, test);
    }

    private static long records(Path file) {
        try {
            long size = Files.size(file);
            if (size % CIFAR_RECORD_BYTES != 0) {
                throw new IllegalArgumentException(file.getFileName() + " is " + size + " bytes, not a whole number of "
                        + CIFAR_RECORD_BYTES + "-byte CIFAR-10 records");
            }
            return size / CIFAR_RECORD_BYTES;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** The image count an IDX label file's header announces. */
    public static int idxCount(Path file) {
        try (DataInputStream in = openIdx(file)) {
            int magic = in.readInt();
            if (magic != IDX_LABELS_MAGIC) {
                throw new IllegalArgumentException(file.getFileName() + " is not an IDX file of labels: magic " + magic
                        + ", expected " + IDX_LABELS_MAGIC);
            }
            return in.readInt();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Fashion-MNIST's image side in its IDX files (28 x 28). */
    public static final int FASHION_SIDE = 28;

    /**
     * Checks a Fashion-MNIST part ({@link #FASHION_TRAIN} or {@link #FASHION_TEST}) before anything
     * is allocated for it: both headers' counts must agree, the images must be 28 x 28, and each
     * file's size (unpacked, for a .gz) must be exactly what its header announces. Returns the count.
     */
    public static int checkFashion(Path dir, String part) {
        Path labels = fashionFile(dir, fashionLabels(part));
        Path images = fashionFile(dir, fashionImages(part));
        if (labels == null || images == null) {
            throw new IllegalArgumentException("missing Fashion-MNIST file " + (labels == null ? fashionLabels(part)
                    : fashionImages(part)) + "[.gz]");
        }
        int count = idxCount(labels);
        requireBytes(labels, "labels", count, 8 + (long) count);
        try (DataInputStream in = openIdx(images)) {
            int magic = in.readInt();
            if (magic != IDX_IMAGES_MAGIC) {
                throw new IllegalArgumentException(images.getFileName() + " is not an IDX file of images: magic " + magic
                        + ", expected " + IDX_IMAGES_MAGIC);
            }
            int imageCount = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (rows != FASHION_SIDE || cols != FASHION_SIDE) {
                throw new IllegalArgumentException(images.getFileName() + ": images are " + rows + "x" + cols
                        + ", expected " + FASHION_SIDE + "x" + FASHION_SIDE);
            }
            if (imageCount != count) {
                throw new IllegalArgumentException(images.getFileName() + " holds " + imageCount
                        + " images but " + labels.getFileName() + " holds " + count + " labels");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + images.getFileName() + ": " + e.getMessage(), e);
        }
        requireBytes(images, "images", count, 16 + (long) count * FASHION_SIDE * FASHION_SIDE);
        return count;
    }

    private static void requireBytes(Path file, String what, int count, long expected) {
        if (count < 0) {
            throw new IllegalArgumentException(file.getFileName() + ": its header announces " + count + " " + what);
        }
        long actual = contentBytes(file);
        String unpacked = file.toString().endsWith(".gz") ? " unpacked" : "";
        if (actual < expected) {
            throw new IllegalArgumentException(String.format("%s is truncated: its header announces %,d %s (%,d bytes) "
                    + "but it holds %,d bytes%s", file.getFileName(), count, what, expected, actual, unpacked));
        }
        if (actual > expected) {
            throw new IllegalArgumentException(String.format("%s holds %,d bytes%s but its header announces %,d %s "
                    + "(%,d bytes)", file.getFileName(), actual, unpacked, count, what, expected));
        }
    }

    /** A file's size; for a .gz, the size of what it unpacks to (read through once, nothing kept). */
    private static long contentBytes(Path file) {
        try {
            if (!file.toString().endsWith(".gz")) {
                return Files.size(file);
            }
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16)) {
                return in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** An IDX file's bytes, gunzipped when its name ends in {@code .gz}. */
    public static DataInputStream openIdx(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }
}
