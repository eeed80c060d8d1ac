package io.alps.ml.popup;

import static io.alps.ml.popup.PopupParamInitializer.SCORE_KEY;
import static io.alps.ml.popup.PopupParamInitializer.WEIGHT_KEY;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The running edge-popup convolution: DL4J's convolution on {@code W_eff}, gradients routed to the scores. */
public final class PopupConvolutionLayer extends ConvolutionLayer implements PopupLayer {
    private final PopupWeights popup;

    public PopupConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.popup = new PopupWeights(((PopupLayerConfig) conf.getLayer()).getK());
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        popup.newInput();
        super.setInput(input, workspaceMgr);
    }

    @Override
    protected INDArray getParamWithNoise(String param, boolean training, LayerWorkspaceMgr workspaceMgr) {
        return WEIGHT_KEY.equals(param) ? popup.effective(getParam(WEIGHT_KEY), getParam(SCORE_KEY), training)
                : super.getParamWithNoise(param, training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> out = super.backpropGradient(epsilon, workspaceMgr);
        PopupWeights.scoreGradient(getParam(WEIGHT_KEY), getParam(SCORE_KEY), gradientViews.get(WEIGHT_KEY),
                gradientViews.get(SCORE_KEY));
        out.getFirst().gradientForVariable().put(SCORE_KEY, gradientViews.get(SCORE_KEY));
        return out;
    }

    @Override
    public String layerName() {
        return layerConf().getLayerName();
    }

    @Override
    public double k() {
        return ((PopupLayerConfig) layerConf()).getK();
    }

    @Override
    public Mask mask() {
        return popup.mask(getParam(SCORE_KEY));
    }

    @Override
    public INDArray effectiveWeights() {
        return popup.effective(getParam(WEIGHT_KEY), getParam(SCORE_KEY), false);
    }
}
