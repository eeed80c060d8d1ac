package io.alps.ml.data;

import io.alps.api.model.ImageShape;

/**
 * Per-channel standardisation with statistics of the training set only, so no test information
 * leaks into training: x' = (x/255 - mean_c) / std_c.
 */
public record Normalisation(float[] mean, float[] std) {

    public static Normalisation fit(RawImages train) {
        ImageShape s = train.shape();
        int plane = s.height() * s.width();
        double[] sum = new double[s.channels()];
        double[] sumSq = new double[s.channels()];
        byte[] p = train.pixels();
        for (int i = 0; i < train.size(); i++) {
            for (int c = 0; c < s.channels(); c++) {
                int base = (i * s.channels() + c) * plane;
                long a = 0;
                long b = 0;
                for (int j = 0; j < plane; j++) {
                    int v = p[base + j] & 0xff;
                    a += v;
                    b += (long) v * v;
                }
                sum[c] += a;
                sumSq[c] += b;
            }
        }
        float[] mean = new float[s.channels()];
        float[] std = new float[s.channels()];
        double n = (double) train.size() * plane;
        for (int c = 0; c < s.channels(); c++) {
            double m = sum[c] / n;
            double var = Math.max(sumSq[c] / n - m * m, 1e-12);
            mean[c] = (float) (m / 255.0);
            std[c] = (float) (Math.sqrt(var) / 255.0);
        }
        return new Normalisation(mean, std);
    }

    /** The normalised images as one contiguous float array, NCHW. */
    public float[] apply(RawImages images) {
        ImageShape s = images.shape();
        int plane = s.height() * s.width();
        byte[] p = images.pixels();
        float[] out = new float[p.length];
        for (int i = 0; i < images.size(); i++) {
            for (int c = 0; c < s.channels(); c++) {
                int base = (i * s.channels() + c) * plane;
                float scale = 1f / (255f * std[c]);
                float shift = mean[c] / std[c];
                for (int j = 0; j < plane; j++) {
                    out[base + j] = (p[base + j] & 0xff) * scale - shift;
                }
            }
        }
        return out;
    }
}
