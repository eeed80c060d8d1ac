package io.alps.ml.data;

import io.alps.api.model.ImageShape;

/**
 * Per-channel standardisation with statistics of the training set only, so no test information
 * leaks into training: x' = (x/255 - mean_c) / std_c.
 */
public record Normalisation(float[] mean, float[] std) {

    public static Normalisation fit(RawImages train) {
        Statistics stats = new Statistics(train.shape());
        for (int i = 0; i < train.size(); i++) {
            stats.add(train.pixels(), i * train.shape().pixels());
        }
        return stats.result();
    }

    /**
     * The sums {@link #fit} needs, added one image at a time in the same order and arithmetic, so
     * statistics gathered while a store is written equal those of the whole set in memory to the bit.
     */
    public static final class Statistics {
        private final ImageShape shape;
        private final double[] sum;
        private final double[] sumSq;
        private long images;

        public Statistics(ImageShape shape) {
            this.shape = shape;
            this.sum = new double[shape.channels()];
            this.sumSq = new double[shape.channels()];
        }

        /** Adds the image whose first value is {@code p[offset]}. */
        public void add(byte[] p, int offset) {
            int plane = shape.height() * shape.width();
            for (int c = 0; c < shape.channels(); c++) {
                int base = offset + c * plane;
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
            images++;
        }

        public Normalisation result() {
            int plane = shape.height() * shape.width();
            float[] mean = new float[shape.channels()];
            float[] std = new float[shape.channels()];
            double n = (double) images * plane;
            for (int c = 0; c < shape.channels(); c++) {
                double m = sum[c] / n;
                double var = Math.max(sumSq[c] / n - m * m, 1e-12);
                mean[c] = (float) (m / 255.0);
                std[c] = (float) (Math.sqrt(var) / 255.0);
            }
            return new Normalisation(mean, std);
        }
    }

    /** The normalised images as one contiguous float array, NCHW. */
    public float[] apply(RawImages images) {
        float[] out = new float[images.pixels().length];
        apply(images.shape(), images.pixels(), 0, images.size(), out, 0);
        return out;
    }

    /**
     * Normalises {@code count} images of {@code shape} starting at {@code in[from]} into
     * {@code out[to]}: the one place the arithmetic lives, for sets in memory and read from a store.
     */
    public void apply(ImageShape shape, byte[] in, int from, int count, float[] out, int to) {
        int plane = shape.height() * shape.width();
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < shape.channels(); c++) {
                int base = (i * shape.channels() + c) * plane;
                float scale = 1f / (255f * std[c]);
                float shift = mean[c] / std[c];
                for (int j = 0; j < plane; j++) {
                    out[to + base + j] = (in[from + base + j] & 0xff) * scale - shift;
                }
            }
        }
    }
}
