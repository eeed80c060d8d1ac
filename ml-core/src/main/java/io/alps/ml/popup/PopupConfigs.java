package io.alps.ml.popup;

import io.alps.ml.model.LayerWiring;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * What the three edge-popup configurations share but cannot inherit (their DL4J superclasses
 * differ). Static on purpose: a field of a configuration would be written into every saved
 * network's JSON and change the checkpoint format.
 */
final class PopupConfigs {
    private PopupConfigs() {
    }

    /** Builds the running layer and wires it to its slice of the network's parameters. */
    static Layer instantiate(String layerType, FeedForwardLayer config,
                             BiFunction<NeuralNetConfiguration, DataType, Layer> runningLayer,
                             NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet(layerType, config.getLayerName(), layerIndex, config.getNIn(), config.getNOut());
        return LayerWiring.wire(runningLayer.apply(conf, networkDataType), config, conf, listeners, layerIndex,
                paramsView, initializeParams);
    }

    /** The frozen weights never move: no updater step for them. */
    static IUpdater updater(String param, Supplier<IUpdater> inherited) {
        return PopupParamInitializer.WEIGHT_KEY.equals(param) ? new NoOp() : inherited.get();
    }

    /** ... and no weight decay pulling them towards zero either. */
    static List<Regularization> regularization(String param, Supplier<List<Regularization>> inherited) {
        return PopupParamInitializer.WEIGHT_KEY.equals(param) ? List.of() : inherited.get();
    }
}
