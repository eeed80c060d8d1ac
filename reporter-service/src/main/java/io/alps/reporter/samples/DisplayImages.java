package io.alps.reporter.samples;

import io.alps.api.data.ImageHeaders;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * An image file made fit for a page: at most {@code maxSide} pixels on its longer side (scaled down
 * with its aspect kept, never up). A JPEG stays a JPEG and a PNG a PNG; GIF and BMP become PNG. A
 * JPEG or PNG that already fits is sent as it is stored, byte for byte.
 */
public final class DisplayImages {
    /** The quality a scaled JPEG is written at: close to the original, a fraction of PNG's size. */
    private static final float JPEG_QUALITY = 0.9f;

    /** An encoded image and its content type. */
    public record Encoded(byte[] bytes, String contentType, int width, int height) {
    }

    /** The file is no image this service can read, or it is larger than the pixel limit. */
    public static final class Unreadable extends Exception {
        Unreadable(String problem, Throwable cause) {
            super(problem, cause);
        }
    }

    private final int maxSide;
    private final long maxPixels;

    /** {@code maxPixels}: a file whose header states more is refused before it is decoded. */
    public DisplayImages(int maxSide, long maxPixels) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("the longest side must be at least 1 pixel, not " + maxSide);
        }
        this.maxSide = maxSide;
        this.maxPixels = maxPixels;
    }

    /** The size {@code width} x {@code height} is shown at: the longer side at most {@code maxSide}, aspect kept. */
    public int[] fitted(int width, int height) {
        int longer = Math.max(width, height);
        if (longer <= maxSide) {
            return new int[] {width, height};
        }
        double scale = (double) maxSide / longer;
        return new int[] {Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))};
    }

    /** {@code file} as the page shows it; problems are told without the file's path. */
    public Encoded read(Path file) throws Unreadable {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new Unreadable("not an image this service reads (PNG, JPEG, BMP or GIF)", null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                try {
                    ImageHeaders.requireWithin(new ImageHeaders.Size(width, height), "the image", maxPixels);
                } catch (IllegalArgumentException tooLarge) {
                    throw new Unreadable(tooLarge.getMessage(), tooLarge);
                }
                boolean jpeg = format.equals("jpeg") || format.equals("jpg");
                int[] size = fitted(width, height);
                if ((jpeg || format.equals("png")) && size[0] == width && size[1] == height) {
                    return new Encoded(Files.readAllBytes(file), jpeg ? "image/jpeg" : "image/png", width, height);
                }
                BufferedImage scaled = scaled(reader.read(0), size[0], size[1], !jpeg);
                return jpeg ? new Encoded(jpeg(scaled), "image/jpeg", size[0], size[1])
                        : new Encoded(png(scaled), "image/png", size[0], size[1]);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // A decoder's message can quote the file's path; the caller names the sample instead.
            throw new Unreadable("damaged or truncated image (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * {@code image} at {@code w} x {@code h}: halved while it is more than twice the target (so a
     * large photo does not alias), then bilinear; transparency is kept when {@code alpha}.
     */
    static BufferedImage scaled(BufferedImage image, int w, int h, boolean alpha) {
        int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage current = image;
        do {
            int nextW = current.getWidth() / 2 >= w ? current.getWidth() / 2 : w;
            int nextH = current.getHeight() / 2 >= h ? current.getHeight() / 2 : h;
            current = draw(current, nextW, nextH, type);
        } while (current.getWidth() != w || current.getHeight() != h);
        return current;
    }

    private static BufferedImage draw(BufferedImage image, int w, int h, int type) {
        BufferedImage out = new BufferedImage(w, h, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
