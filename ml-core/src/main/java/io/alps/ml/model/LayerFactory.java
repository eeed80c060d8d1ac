package io.alps.ml.model;

import io.alps.api.model.LayerSpec;

import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Realises the weighted layers of a plan as DL4J layers. The dense network uses
 * {@link StandardLayers}; subnetwork methods (edge-popup) supply their own layers for the same plan.
 */
public interface LayerFactory {
    Layer conv(LayerSpec.Conv spec, int index);

    Layer dense(LayerSpec.Dense spec, int index);

    Layer output(int numClasses, int index);
}
