package io.alps.ml.prune;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Exact gathers of index sets along one axis of a weight array (copies, never views). */
final class Slices {
    private Slices() {
    }

    /** {@code a} restricted to positions {@code idx} (in that order) along {@code axis}. */
    static INDArray take(INDArray a, int axis, int[] idx) {
        long[] shape = a.shape();
        long prefix = 1;
        for (int d = 0; d < axis; d++) {
            prefix *= shape[d];
        }
        long suffix = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            suffix *= shape[d];
        }
        int size = (int) shape[axis];
        float[] in = a.dup('c').data().asFloat();
        float[] out = new float[(int) (prefix * idx.length * suffix)];
        int s = (int) suffix;
        for (int p = 0; p < prefix; p++) {
            for (int j = 0; j < idx.length; j++) {
                if (idx[j] < 0 || idx[j] >= size) {
                    throw new IndexOutOfBoundsException("index " + idx[j] + " outside axis " + axis + " of size " + size);
                }
                System.arraycopy(in, (p * size + idx[j]) * s, out, (p * idx.length + j) * s, s);
            }
        }
        long[] newShape = shape.clone();
        newShape[axis] = idx.length;
        return Nd4j.create(out, newShape, 'c').castTo(DataType.FLOAT);
    }

    /**
     * The rows of a flattened [channels, height, width] activation that belong to the given
     * channels. DL4J flattens NCHW activations in c order before a dense layer, so channel c
     * occupies rows c*H*W .. c*H*W + H*W - 1.
     */
    static int[] flattenedRows(int[] channels, int spatial) {
        int[] rows = new int[channels.length * spatial];
        for (int j = 0; j < channels.length; j++) {
            for (int hw = 0; hw < spatial; hw++) {
                rows[j * spatial + hw] = channels[j] * spatial + hw;
            }
        }
        return rows;
    }
}
