package io.alps.ml.model;

import org.nd4j.linalg.activations.IActivation;

import io.alps.api.model.LayerSpec;

import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Realises the weighted layers of a plan as DL4J layers, named as {@link io.alps.api.model.LayerNames}
 * names them. The dense network uses {@link StandardLayers}; subnetwork methods (edge-popup) supply
 * their own layers for the same plan.
 */
public interface LayerFactory {
    /** {@code activation} is ReLU, or identity when a batch norm follows (which then applies the ReLU). */
    Layer conv(LayerSpec.Conv spec, int index, IActivation activation);

    /** Batch norm of the channels before it; the ReLU a spec may ask for is added after it by the builder. */
    Layer batchNorm(LayerSpec.BatchNorm spec, int index);

    Layer dense(LayerSpec.Dense spec, int index);

    Layer output(int numClasses, int index);
}
