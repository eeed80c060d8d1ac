package io.alps.ml.model;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
    static INDArray weights(INDArray w, int p, LayerWorkspaceMgr mgr) {
        long[] s = w.shape();
        INDArray packed = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, w.dataType(),
                new long[] {p * s[0], s[1], s[2], s[3] + p - 1}, 'c').assign(0);
        for (int j = 0; j < p; j++) {
            packed.get(NDArrayIndex.interval(j * s[0], (j + 1) * s[0]), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(j, j + s[3])).assign(w);
        }
        return packed;
    }

    /** Bias [out] repeated for the {@code p} columns. */
    static INDArray bias(INDArray b, int p, LayerWorkspaceMgr mgr) {
        long n = b.length();
        INDArray packed = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, b.dataType(), new long[] {p * n}, 'c');
        for (int j = 0; j < p; j++) {
            packed.get(NDArrayIndex.interval(j * n, (j + 1) * n)).assign(b.reshape(n));
        }
        return packed;
    }
}
