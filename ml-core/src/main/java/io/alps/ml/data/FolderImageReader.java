package io.alps.ml.data;

import io.alps.api.data.FolderLayout;
import io.alps.api.data.ImageHeaders;
import io.alps.api.model.ImageShape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a data set of one's own images ({@link FolderLayout}) with the JDK's image decoders.
 *
 * <p>Each image is brought to 3xNxN (N the requested size, 32 unless asked otherwise) by one rule:
 * its shorter side is scaled to N (halving first while it is more than twice that, then bilinear,
 * so large images do not alias), the centre NxN is kept, transparency is laid over white and grey
 * images get three equal channels. Images are decoded on every core at once and reach the sink in
 * id order; while they are, standard error shows how far it has come.
 *
 * <p>Sample ids are stable for the same files: the labelled training images, sorted by path, are
 * put in one fixed pseudo-random order (so a {@code trainLimit} keeps a mix of classes) and take
 * ids 0..n-1; the {@code unlabeled/} images follow in name order with the label
 * {@link Dataset#UNLABELED}. The test images are ordered the same way. Each image's path relative
 * to the data set folder is its name (the manifest).
 */
public final class FolderImageReader {
    private static final long ORDER_SEED = 0x5eed_1abe1L;
    private static final ImageShape SHAPE = FolderLayout.SHAPE;
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    /** Both parts, decoded. */
    public record Images(RawImages train, RawImages test) {
    }

    private final long maxPixels;

    /** A reader that refuses images of more than {@link ImageHeaders#DEFAULT_MAX_PIXELS} pixels. */
    public FolderImageReader() {
        this(ImageHeaders.DEFAULT_MAX_PIXELS);
    }

    /** A reader that refuses, before decoding it, any image whose header states more than {@code maxPixels} pixels. */
    public FolderImageReader(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public Images read(Path dir, int trainLimit, int testLimit) {
        List<String> classes = FolderLayout.classes(dir);
        RawImages.Collector train = new RawImages.Collector(SHAPE, classes);
        RawImages.Collector test = new RawImages.Collector(SHAPE, classes);
        read(dir, trainLimit, testLimit, SHAPE.width(), train, test);
        return new Images(train.images(), test.images());
    }

    /**
     * One image file brought to {@code size} x {@code size} by the same rule as a data set's images:
     * 3 x size x size bytes, channel-major; {@code name} names it in errors.
     */
    public byte[] pixels(Path file, String name, int size) {
        return toPixels(fit(load(file, name, maxPixels), size), size);
    }

    /** The shape of a folder's images at {@code size}. */
    public static ImageShape shape(int size) {
        return FolderLayout.shape(size);
    }

    /**
     * Decodes the training pool (labelled, then {@code unlabeled/}) into {@code train} and the test
     * images into {@code test}, each brought to {@code size} x {@code size}; the class names are
     * {@link FolderLayout#classes}.
     */
    public void read(Path dir, int trainLimit, int testLimit, int size, ImageSink trainSink, ImageSink testSink) {
        List<String> classes = FolderLayout.classes(dir);
        if (classes.isEmpty()) {
            throw new DataException(dir.getFileName() + ": no class folders in " + FolderLayout.TRAIN
                    + "/ (expected train/<class>/ with images in each)");
        }
        try {
            FolderLayout.checkClassNames(dir);
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
        List<Labelled> train = limit(shuffled(labelled(dir, FolderLayout.TRAIN, classes)), trainLimit);
        if (!Files.isDirectory(dir.resolve(FolderLayout.TEST))) {
            throw new DataException(dir.getFileName() + ": no " + FolderLayout.TEST + "/ folder (expected test/<class>/ "
                    + "with labelled images to evaluate on)");
        }
        for (String c : FolderLayout.folders(dir.resolve(FolderLayout.TEST))) {
            if (!classes.contains(c)) {
                throw new DataException(FolderLayout.TEST + "/" + c + ": class '" + c + "' is not among "
                        + FolderLayout.TRAIN + "/'s classes (" + String.join(", ", classes) + ")");
            }
        }
        List<Labelled> test = limit(shuffled(labelled(dir, FolderLayout.TEST, FolderLayout.folders(dir.resolve(FolderLayout.TEST)),
                classes)), testLimit);
        if (test.isEmpty()) {
            throw new DataException(dir.getFileName() + ": no images in " + FolderLayout.TEST + "/");
        }
        List<Labelled> pool = new ArrayList<>(train);
        for (Path f : FolderLayout.images(dir.resolve(FolderLayout.UNLABELED))) {
            pool.add(new Labelled(f, FolderLayout.UNLABELED + "/" + f.getFileName(), Dataset.UNLABELED));
        }
        decode(pool, size, new BuildProgress(trainSink, dir.getFileName() + " " + FolderLayout.TRAIN, pool.size(), System.err));
        decode(test, size, new BuildProgress(testSink, dir.getFileName() + " " + FolderLayout.TEST, test.size(), System.err));
    }

    private record Labelled(Path file, String name, int label) {
    }

    private static List<Labelled> labelled(Path dir, String part, List<String> classes) {
        return labelled(dir, part, classes, classes);
    }

    private static List<Labelled> labelled(Path dir, String part, List<String> present, List<String> classes) {
        List<Labelled> out = new ArrayList<>();
        for (String c : present) {
            List<Path> files = FolderLayout.images(dir.resolve(part).resolve(c));
            if (files.isEmpty()) {
                throw new DataException(part + "/" + c + ": no images in this class folder (PNG, JPEG, BMP or GIF)");
            }
            for (Path f : files) {
                out.add(new Labelled(f, part + "/" + c + "/" + f.getFileName(), classes.indexOf(c)));
            }
        }
        return out;
    }

    private static List<Labelled> shuffled(List<Labelled> sorted) {
        List<Labelled> copy = new ArrayList<>(sorted);
        Collections.shuffle(copy, new Random(ORDER_SEED));
        return copy;
    }

    private static List<Labelled> limit(List<Labelled> list, int limit) {
        return limit <= 0 || limit >= list.size() ? list : list.subList(0, limit);
    }

    /**
     * Decodes on every core, at most twice as many images ahead as there are cores (each decoded
     * image is one full-size picture in memory until it is shrunk), handing them on in order.
     */
    private void decode(List<Labelled> images, int size, ImageSink sink) {
        ExecutorService workers = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "image-decoder");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<byte[]>> ahead = new ArrayDeque<>();
            int next = 0;
            for (int i = 0; i < images.size() && sink.wantsMore(); i++) {
                while (next < images.size() && next < i + 2 * THREADS) {
                    Labelled img = images.get(next++);
                    ahead.add(workers.submit(() -> toPixels(fit(load(img.file(), img.name(), maxPixels), size), size)));
                }
                Labelled img = images.get(i);
                sink.add(result(ahead.poll()), 0, img.label(), img.name());
            }
        } finally {
            workers.shutdownNow();
        }
    }

    private static byte[] result(Future<byte[]> decoded) {
        try {
            return decoded.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while decoding images", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Decodes one file; a damaged or truncated one is an error naming it (decoder warnings count), and
     * so is one whose header states more than {@code maxPixels} pixels (checked before decoding allocates).
     */
    static BufferedImage load(Path file, String name, long maxPixels) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(name + ": not an image this reader knows (PNG, JPEG, BMP or GIF)");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                try {
                    ImageHeaders.requireWithin(new ImageHeaders.Size(reader.getWidth(0), reader.getHeight(0)), name, maxPixels);
                } catch (IllegalArgumentException tooLarge) {
                    throw new DataException(tooLarge.getMessage(), tooLarge);
                }
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new DataException(name + ": damaged or truncated image (" + warnings.get(0) + ")");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(name + ": damaged or truncated image (" + e.getMessage() + ")", e);
        }
    }

    /** The shorter side scaled to 32, then the centre 32x32. */
    static BufferedImage fit(BufferedImage image) {
        return fit(image, SHAPE.width());
    }

    /** The shorter side scaled to {@code size}, then the centre {@code size} x {@code size}. */
    static BufferedImage fit(BufferedImage image, int size) {
        double scale = (double) size / Math.min(image.getWidth(), image.getHeight());
        int w = Math.max(size, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(size, (int) Math.round(image.getHeight() * scale));
        BufferedImage current = opaque(image);
        while (current.getWidth() / 2 >= w && current.getHeight() / 2 >= h) {
            current = scaled(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != w || current.getHeight() != h) {
            current = scaled(current, w, h);
        }
        return current.getSubimage((w - size) / 2, (h - size) / 2, size, size);
    }

    private static BufferedImage opaque(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static BufferedImage scaled(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] toPixels(BufferedImage image, int size) {
        int plane = size * size;
        byte[] pixels = new byte[3 * plane];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = image.getRGB(x, y);
                int p = y * size + x;
                pixels[p] = (byte) (rgb >> 16);
                pixels[p + plane] = (byte) (rgb >> 8);
                pixels[p + 2 * plane] = (byte) rgb;
            }
        }
        return pixels;
    }
}
