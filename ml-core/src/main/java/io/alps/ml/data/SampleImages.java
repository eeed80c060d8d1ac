package io.alps.ml.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A sample as a PNG, for the people who label it: exactly the network's input (after the resize
 * rule), its normalised values stretched back to 0-255 over the image's own range, so what a
 * person judges is what the model sees.
 */
public final class SampleImages {
    private SampleImages() {
    }

    public static byte[] png(Dataset data, int id) {
        INDArray x = data.features(new int[] {id});
        int c = data.shape().channels();
        int h = data.shape().height();
        int w = data.shape().width();
        float[] v = x.dup('c').data().asFloat();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        float scale = max > min ? 255f / (max - min) : 0f;
        BufferedImage image = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int col = 0; col < w; col++) {
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) {
                    int k = Math.min(ch, c - 1) * h * w + y * w + col;
                    rgb = rgb << 8 | Math.round((v[k] - min) * scale);
                }
                image.setRGB(col, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode sample " + id + " as PNG", e);
        }
        return out.toByteArray();
    }
}
