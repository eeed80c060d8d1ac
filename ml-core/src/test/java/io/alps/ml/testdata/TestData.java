package io.alps.ml.testdata;

import io.alps.ml.data.Cifar10Reader;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.DatasetLoader;
import io.alps.api.model.ImageShape;
import io.alps.ml.data.RawImages;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small, learnable image sets and CIFAR-layout files for tests. */
public final class TestData {
    private TestData() {
    }

    /**
     * Images whose class shows as a brighter horizontal band at a class-specific height, plus
     * noise: a small CNN learns it in a few epochs, so "better than chance" is a real check.
     */
    public static RawImages learnable(int n, int classes, ImageShape shape, long seed) {
        Random rng = new Random(seed);
        byte[] pixels = new byte[n * shape.pixels()];
        int[] labels = new int[n];
        int bandHeight = Math.max(1, shape.height() / classes);
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(classes);
            labels[i] = label;
            for (int c = 0; c < shape.channels(); c++) {
                for (int y = 0; y < shape.height(); y++) {
                    boolean band = y / bandHeight == label;
                    for (int x = 0; x < shape.width(); x++) {
                        int v = (band ? 170 : 60) + rng.nextInt(60);
                        pixels[((i * shape.channels() + c) * shape.height() + y) * shape.width() + x] = (byte) v;
                    }
                }
            }
        }
        return new RawImages(pixels, labels, shape, classNames(classes));
    }

    public static DataSplit split(int train, int test, long seed) {
        ImageShape shape = new ImageShape(3, 32, 32);
        return DatasetLoader.normalise("synthetic", learnable(train, 10, shape, seed), learnable(test, 10, shape, seed + 1));
    }

    public static List<String> classNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        return names;
    }

    /** Writes {@code images} as one CIFAR-10 binary file (label byte + 3,072 pixel bytes per record). */
    public static void writeCifarFile(Path file, RawImages images) throws IOException {
        int pixels = Cifar10Reader.SHAPE.pixels();
        byte[] out = new byte[images.size() * Cifar10Reader.RECORD_BYTES];
        for (int i = 0; i < images.size(); i++) {
            out[i * Cifar10Reader.RECORD_BYTES] = (byte) images.labels()[i];
            System.arraycopy(images.pixels(), i * pixels, out, i * Cifar10Reader.RECORD_BYTES + 1, pixels);
        }
        Files.write(file, out);
    }

    /** A complete CIFAR-10 binary-layout directory with {@code perFile} records in each of the six files. */
    public static Path writeCifarDir(Path dir, int perFile, long seed) throws IOException {
        Files.createDirectories(dir);
        long s = seed;
        for (String name : Cifar10Reader.TRAIN_FILES) {
            writeCifarFile(dir.resolve(name), learnable(perFile, 10, Cifar10Reader.SHAPE, s++));
        }
        writeCifarFile(dir.resolve(Cifar10Reader.TEST_FILE), learnable(perFile, 10, Cifar10Reader.SHAPE, s));
        return dir;
    }

    /** Small uncompressed Fashion-MNIST IDX files (random pixels, labels 0..9 in turn). */
    public static Path writeFashionMnist(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        java.util.Random rng = new java.util.Random(7);
        for (String set : List.of("train", "t10k")) {
            int n = set.equals("train") ? train : test;
            try (DataOutputStream images = new DataOutputStream(Files.newOutputStream(dir.resolve(set + "-images-idx3-ubyte")));
                 DataOutputStream labels = new DataOutputStream(Files.newOutputStream(dir.resolve(set + "-labels-idx1-ubyte")))) {
                images.writeInt(0x803);
                images.writeInt(n);
                images.writeInt(28);
                images.writeInt(28);
                labels.writeInt(0x801);
                labels.writeInt(n);
                for (int i = 0; i < n; i++) {
                    byte[] pixels = new byte[28 * 28];
                    rng.nextBytes(pixels);
                    images.write(pixels);
                    labels.writeByte(i % 10);
                }
            }
        }
        return dir;
    }
}
