package io.alps.ml.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer whose forward pass uses weights other than its stored {@code W} parameter (edge-popup:
 * the masked frozen weights). Code that recomputes a layer's output from its weights, or counts
 * the weights a network really uses, asks for these.
 */
public interface EffectiveWeights {
    /** The weights the forward pass multiplies with, in the layout of DL4J's {@code W}. */
    INDArray effectiveWeights();
}
