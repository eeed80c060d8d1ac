package io.alps.ml.testdata;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Tiny image-folder data sets (train/<class>/, test/<class>/, unlabeled/) written as PNG and JPEG files. */
public final class ImageFolders {
    private ImageFolders() {
    }

    /**
     * Writes a learnable tree: class c's images are bright in horizontal band c, 48x40 pixels (so
     * the reader has to resize and crop), every third one a JPEG. Unlabeled images follow the
     * same rule with their class in their name ({@code u012-class1.png}).
     */
    public static Path write(Path dir, List<String> classes, int trainPerClass, int testPerClass, int unlabeled,
                             long seed) {
        Random rng = new Random(seed);
        for (int c = 0; c < classes.size(); c++) {
            for (int i = 0; i < trainPerClass; i++) {
                image(dir.resolve("train").resolve(classes.get(c)), "img" + i, c, classes.size(), rng);
            }
            for (int i = 0; i < testPerClass; i++) {
                image(dir.resolve("test").resolve(classes.get(c)), "img" + i, c, classes.size(), rng);
            }
        }
        for (int i = 0; i < unlabeled; i++) {
            int c = rng.nextInt(classes.size());
            image(dir.resolve("unlabeled"), String.format("u%03d-%s", i, classes.get(c)), c, classes.size(), rng);
        }
        return dir;
    }

    private static void image(Path folder, String stem, int label, int classes, Random rng) {
        int w = 48;
        int h = 40;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int band = h / classes;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (y / band == label ? 180 : 50) + rng.nextInt(50);
                img.setRGB(x, y, new Color(v, v, Math.min(255, v + 20)).getRGB());
            }
        }
        boolean jpeg = rng.nextInt(3) == 0;
        save(img, folder.resolve(stem + (jpeg ? ".jpg" : ".png")), jpeg ? "jpeg" : "png");
    }

    public static void save(BufferedImage img, Path file, String format) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A solid image of {@code w} x {@code h}, left half {@code left}, right half {@code right}. */
    public static BufferedImage halves(int w, int h, Color left, Color right) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(right);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    /** A 1x1 PNG whose header claims {@code width} x {@code height} pixels (a decoder trusting it would allocate that). */
    public static byte[] pngClaiming(int width, int height) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] png = out.toByteArray();
        java.nio.ByteBuffer.wrap(png).putInt(16, width).putInt(20, height);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        java.nio.ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        return png;
    }
}
