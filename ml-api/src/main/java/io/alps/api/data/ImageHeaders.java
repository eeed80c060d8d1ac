package io.alps.api.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image's width and height as its header states them, read without decoding a pixel: a file
 * claiming 40,000 x 40,000 pixels is refused before anything allocates room for it.
 */
public final class ImageHeaders {
    /** The default limit of one image's pixels (width x height): a 40-megapixel photo decodes to about 160 MB. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    /** What a header says. */
    public record Size(int width, int height) {
        public long pixels() {
            return (long) width * height;
        }
    }

    private ImageHeaders() {
    }

    /**
     * The size {@code file}'s header states; {@code name} is how messages call the file (its path
     * inside the data set). A file no decoder knows, or whose header cannot be read, is an error naming it.
     */
    public static Size read(Path file, String name) {
        Optional<Size> size;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            size = in == null ? Optional.empty() : header(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(ShownNames.shown(name) + ": damaged image header (" + e.getMessage() + ")", e);
        }
        return size.orElseThrow(() -> new IllegalArgumentException(ShownNames.shown(name)
                + ": not an image this reader knows (PNG, JPEG, BMP or GIF)"));
    }

    /** The first image's size, or empty when no decoder knows the format. */
    private static Optional<Size> header(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            return Optional.empty();
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            return Optional.of(new Size(reader.getWidth(0), reader.getHeight(0)));
        } finally {
            reader.dispose();
        }
    }

    /** Refuses a size past {@code maxPixels}, naming the file, its size and the limit. */
    public static Size requireWithin(Size size, String name, long maxPixels) {
        if (size.width() <= 0 || size.height() <= 0) {
            throw new IllegalArgumentException(ShownNames.shown(name) + ": its header states " + size.width() + " x "
                    + size.height() + " pixels");
        }
        if (size.pixels() > maxPixels) {
            throw new DataLimitExceeded(String.format("%s: %d x %d pixels (%,d) is more than the limit of %,d pixels per image",
                    ShownNames.shown(name), size.width(), size.height(), size.pixels(), maxPixels));
        }
        return size;
    }

    /**
     * Reads the header of every image in an image-folder data set ({@link FolderLayout}) and refuses
     * the first that no decoder knows or that has more than {@code maxPixels} pixels.
     */
    public static void checkFolder(Path dir, long maxPixels) {
        checkFolder(dir, "", maxPixels);
    }

    /** As {@link #checkFolder(Path, long)}; messages name each file with {@code prefix} before its path (e.g. its folder in an archive). */
    public static void checkFolder(Path dir, String prefix, long maxPixels) {
        for (String part : List.of(FolderLayout.TRAIN, FolderLayout.TEST)) {
            for (String c : FolderLayout.folders(dir.resolve(part))) {
                for (Path f : FolderLayout.images(dir.resolve(part).resolve(c))) {
                    String name = prefix + part + "/" + c + "/" + f.getFileName();
                    requireWithin(read(f, name), name, maxPixels);
                }
            }
        }
        for (Path f : FolderLayout.images(dir.resolve(FolderLayout.UNLABELED))) {
            String name = prefix + FolderLayout.UNLABELED + "/" + f.getFileName();
            requireWithin(read(f, name), name, maxPixels);
        }
    }
}
