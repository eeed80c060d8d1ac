package io.alps.ml.popup;

/**
 * What the edge-popup configurations (conv, dense, output) share: the kept fraction, the frozen
 * weights' init, and the shape of the weight tensor that the scores mirror.
 */
public interface PopupLayerConfig {
    double getK();

    PopupInit getPopupInit();

    long getNIn();

    long getNOut();

    /** Weight shape: [out, in, kh, kw] for a convolution, [in, out] for a dense layer (DL4J's layouts); the defaults are the dense ones. */
    default long[] weightShape() {
        return new long[] {getNIn(), getNOut()};
    }

    /** DL4J's storage order of the weight view: 'c' for convolutions, 'f' for dense layers. */
    default char weightOrder() {
        return 'f';
    }

    default double fanIn() {
        return getNIn();
    }

    default long weightCount() {
        long n = 1;
        for (long d : weightShape()) {
            n *= d;
        }
        return n;
    }
}
