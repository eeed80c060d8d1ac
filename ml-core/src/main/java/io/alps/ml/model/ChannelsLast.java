package io.alps.ml.model;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Activations that are NCHW to every reader but lie in memory channels last (NHWC), as oneDNN's
 * convolutions and pools compute them. In inference a chain of {@link ConvLayer}s and
 * {@link MaxPoolLayer}s hands such views on, so that no layout copy runs between them: libnd4j
 * otherwise copies each convolution's input into NHWC, its uninitialised output into NHWC, and the
 * result back. The layers that make these views are marked by {@link NetworkBuilder}; only ours
 * and DL4J's flattening before a dense layer (which copies a view) ever read them, because
 * libnd4j's oneDNN ops read an array's memory in its declared order and would misread a view.
 */
final class ChannelsLast {
    private ChannelsLast() {
    }

    /** True when {@code nchw} is the NCHW view of a dense NHWC array. */
    static boolean isView(INDArray nchw) {
        if (nchw.rank() != 4) {
            return false;
        }
        long[] shape = nchw.shape();
        long[] stride = nchw.stride();
        return stride[1] == 1 && stride[3] == shape[1] && stride[2] == shape[3] * shape[1]
                && stride[0] == shape[2] * shape[3] * shape[1];
    }

    /** {@code nchw} as a dense NHWC array: the array under a view, else a copy in working memory. */
    static INDArray dense(INDArray nchw, LayerWorkspaceMgr mgr) {
        INDArray nhwc = nchw.permute(0, 2, 3, 1);
        if (isView(nchw)) {
            return nhwc;
        }
        long[] s = nchw.shape();
        INDArray copy = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, nchw.dataType(),
                new long[] {s[0], s[2], s[3], s[1]}, 'c');
        copy.permute(0, 3, 1, 2).assign(nchw); // reading in order is the faster way round: 1.0 against 1.6 ms
        return copy;
    }

    /** A layer's NHWC result as it hands it on: the NCHW view, or an NCHW copy for readers other than ours. */
    static INDArray handOn(INDArray nhwc, boolean asView, LayerWorkspaceMgr mgr) {
        INDArray view = nhwc.permute(0, 3, 1, 2);
        if (asView) {
            return view;
        }
        // Into a new array, reading in order: a dup of the view copies element by element (4x slower).
        INDArray copy = mgr.createUninitialized(ArrayType.ACTIVATIONS, view.dataType(), view.shape(), 'c');
        copy.permute(0, 2, 3, 1).assign(nhwc);
        return copy;
    }
}
