package io.alps.infra;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * A small PNG file whose header claims any width and height (its pixel data is a 1x1 image's):
 * what a hostile or broken upload looks like to a decoder that trusts the header.
 */
public final class PngHeader {
    private static final int IHDR_DATA = 16;

    private PngHeader() {
    }

    public static byte[] claiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] png = out.toByteArray();
        ByteBuffer bytes = ByteBuffer.wrap(png);
        bytes.putInt(IHDR_DATA, width);
        bytes.putInt(IHDR_DATA + 4, height);
        CRC32 crc = new CRC32();
        crc.update(png, IHDR_DATA - 4, 4 + 13);
        bytes.putInt(IHDR_DATA + 13, (int) crc.getValue());
        return png;
    }
}
