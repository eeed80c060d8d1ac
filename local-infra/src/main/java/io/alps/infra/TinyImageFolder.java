package io.alps.infra;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Writes a small, learnable image-folder data set ({@code train/<class>/*.png}, {@code test/<class>/*.png}):
 * each class is a colour with a bright bar at its own height, plus noise. {@link #zip} packs a folder
 * as a user uploads it.
 */
public final class TinyImageFolder {
    public static final List<String> CLASSES = List.of("circle", "square", "star");
    private static final int SIDE = 24;

    private TinyImageFolder() {
    }

    public static Path write(Path dir, int trainPerClass, int testPerClass, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        try {
            for (String part : List.of("train", "test")) {
                for (int c = 0; c < CLASSES.size(); c++) {
                    Path folder = Files.createDirectories(dir.resolve(part).resolve(CLASSES.get(c)));
                    int n = part.equals("train") ? trainPerClass : testPerClass;
                    for (int i = 0; i < n; i++) {
                        ImageIO.write(image(c, rng), "png", folder.resolve(String.format("%s-%03d.png", part, i)).toFile());
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test images to " + dir, e);
        }
    }

    private static BufferedImage image(int c, SplittableRandom rng) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        int bar = 3 + c * 7 + rng.nextInt(2);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int v = rng.nextInt(70) + (y >= bar && y < bar + 4 ? 150 : 0);
                int r = c == 0 ? v : v / 2;
                int g = c == 1 ? v : v / 2;
                int b = c == 2 ? v : v / 2;
                img.setRGB(x, y, Math.min(r, 255) << 16 | Math.min(g, 255) << 8 | Math.min(b, 255));
            }
        }
        return img;
    }

    /** The folder as a zip whose entries all lie under one top folder named like it, as a file manager packs it. */
    public static byte[] zip(Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(dir.getFileName() + "/" + dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip " + dir, e);
        }
        return bytes.toByteArray();
    }
}
