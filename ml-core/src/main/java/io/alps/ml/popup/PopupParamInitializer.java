package io.alps.ml.popup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of an edge-popup layer: the frozen weights {@code W} and the trainable scores
 * {@code S} of the same shape, in that order in the layer's slice of the network's flat
 * parameter vector (so checkpoints hold both). No bias: the reference layers have none.
 */
public final class PopupParamInitializer implements ParamInitializer {
    public static final String WEIGHT_KEY = "W";
    public static final String SCORE_KEY = "S";
    public static final PopupParamInitializer INSTANCE = new PopupParamInitializer();

    private PopupParamInitializer() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return 2 * config(layer).weightCount();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY, SCORE_KEY);
    }

    /** The scores are the layer's trainable weights (a configured L2 would apply to them, as in the reference). */
    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(SCORE_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return SCORE_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        PopupLayerConfig layer = config(conf.getLayer());
        Map<String, INDArray> views = split(layer, paramsView);
        if (initializeParams) {
            // Weights first, then scores: the draw order from the seeded generator is part of theta0.
            layer.getPopupInit().initWeights(views.get(WEIGHT_KEY), layer.fanIn());
            PopupInit.initScores(views.get(SCORE_KEY), layer.fanIn());
        }
        conf.addVariable(WEIGHT_KEY);
        conf.addVariable(SCORE_KEY);
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split(config(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> split(PopupLayerConfig layer, INDArray view) {
        long n = layer.weightCount();
        if (view.length() != 2 * n) {
            throw new IllegalStateException("expected a parameter view of length " + 2 * n + ", got " + view.length());
        }
        INDArray flat = view.reshape(view.length());
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        out.put(WEIGHT_KEY, flat.get(NDArrayIndex.interval(0, n)).reshape(layer.weightOrder(), layer.weightShape()));
        out.put(SCORE_KEY, flat.get(NDArrayIndex.interval(n, 2 * n)).reshape(layer.weightOrder(), layer.weightShape()));
        return out;
    }

    private static PopupLayerConfig config(Layer layer) {
        if (layer instanceof PopupLayerConfig p) {
            return p;
        }
        throw new IllegalArgumentException("not an edge-popup layer: " + layer.getClass().getName());
    }
}
