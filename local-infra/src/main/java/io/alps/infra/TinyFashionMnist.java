package io.alps.infra;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small, learnable data set in Fashion-MNIST's IDX layout (the four files the real
 * loader reads), so tests run the real reading code on data they create. Each class has its own
 * bright bar position plus noise, so a few epochs of LeNet-5 learn it and rankings are not ties.
 */
public final class TinyFashionMnist {
    private static final int SIDE = 28;

    private TinyFashionMnist() {
    }

    public static Path write(Path dir, int train, int test, long seed) {
        try {
            Files.createDirectories(dir);
            SplittableRandom rng = new SplittableRandom(seed);
            write(dir, "train", train, rng);
            write(dir, "t10k", test, rng);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test data to " + dir, e);
        }
    }

    private static void write(Path dir, String prefix, int n, SplittableRandom rng) throws IOException {
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * SIDE * SIDE];
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(10);
            labels[i] = (byte) label;
            int bar = 2 + label * 2 + rng.nextInt(3);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int v = rng.nextInt(90);
                    if (y >= bar && y < bar + 3 && x > 3 && x < SIDE - 4) {
                        v += 120 + rng.nextInt(40);
                    }
                    pixels[(i * SIDE + y) * SIDE + x] = (byte) v;
                }
            }
        }
        try (DataOutputStream out = new DataOutputStream(open(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
            out.writeInt(2049);
            out.writeInt(n);
            out.write(labels);
        }
        try (DataOutputStream out = new DataOutputStream(open(dir.resolve(prefix + "-images-idx3-ubyte")))) {
            out.writeInt(2051);
            out.writeInt(n);
            out.writeInt(SIDE);
            out.writeInt(SIDE);
            out.write(pixels);
        }
    }

    private static OutputStream open(Path file) throws IOException {
        return new java.io.BufferedOutputStream(Files.newOutputStream(file));
    }
}
