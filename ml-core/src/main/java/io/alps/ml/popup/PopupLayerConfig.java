package io.alps.ml.popup;

/**
 * What the edge-popup configurations (conv, dense, output) share: the kept fraction, the frozen
 * weights' init, and the shape of the weight tensor that the scores mirror.
 */
public interface PopupLayerConfig {
    double getK();

    PopupInit getPopupInit();

    /** Weight shape: [out, in, kh, kw] for a convolution, [in, out] for a dense layer (DL4J's layouts). */
    long[] weightShape();

    /** DL4J's storage order of the weight view: 'c' for convolutions, 'f' for dense layers. */
    char weightOrder();

    double fanIn();

    default long weightCount() {
        long n = 1;
        for (long d : weightShape()) {
            n *= d;
        }
        return n;
    }
}
