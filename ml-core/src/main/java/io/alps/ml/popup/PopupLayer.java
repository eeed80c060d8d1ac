package io.alps.ml.popup;

import io.alps.ml.model.EffectiveWeights;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A built edge-popup layer of a network: its frozen weights, its scores and the mask they give. */
public interface PopupLayer extends EffectiveWeights {
    default String layerName() {
        return conf().getLayer().getLayerName();
    }

    default double k() {
        return ((PopupLayerConfig) conf().getLayer()).getK();
    }

    /** The current top-k mask of |scores|. */
    Mask mask();

    /** The trainable scores (a live view of the parameters). */
    default INDArray scores() {
        return getParam(PopupParamInitializer.SCORE_KEY);
    }

    /** The frozen random weights (a live view of the parameters). */
    default INDArray frozenWeights() {
        return getParam(PopupParamInitializer.WEIGHT_KEY);
    }

    INDArray getParam(String key);

    NeuralNetConfiguration conf();
}
