package io.alps.ml.data;

/**
 * Brings an image of one byte per channel value (CHW) to another size by bilinear interpolation
 * with pixel centres aligned (a target pixel's centre maps to the source point
 * {@code (x + 0.5) * srcW / dstW - 0.5}, clamped at the edges), rounded to the nearest value. The
 * benchmark sets (32x32) are resampled this way when another input size is asked for.
 */
final class Resampling {
    private Resampling() {
    }

    static void bilinear(byte[] in, int inOffset, int channels, int inH, int inW, byte[] out, int outOffset,
                         int outH, int outW) {
        for (int y = 0; y < outH; y++) {
            double sy = clamp((y + 0.5) * inH / outH - 0.5, inH - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, inH - 1);
            double fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                double sx = clamp((x + 0.5) * inW / outW - 0.5, inW - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, inW - 1);
                double fx = sx - x0;
                for (int c = 0; c < channels; c++) {
                    int plane = inOffset + c * inH * inW;
                    double top = (1 - fx) * (in[plane + y0 * inW + x0] & 0xff) + fx * (in[plane + y0 * inW + x1] & 0xff);
                    double bottom = (1 - fx) * (in[plane + y1 * inW + x0] & 0xff) + fx * (in[plane + y1 * inW + x1] & 0xff);
                    out[outOffset + (c * outH + y) * outW + x] = (byte) Math.round((1 - fy) * top + fy * bottom);
                }
            }
        }
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
