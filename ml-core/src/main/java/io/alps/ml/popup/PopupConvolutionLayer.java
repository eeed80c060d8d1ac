package io.alps.ml.popup;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import io.alps.ml.model.ConvLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The running edge-popup convolution: {@link ConvLayer} on {@code W_eff}, gradients routed to the scores. */
public final class PopupConvolutionLayer extends ConvLayer implements PopupLayer {
    private final PopupWeights popup;

    public PopupConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.popup = new PopupWeights(this, conf);
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        popup.newInput();
        super.setInput(input, workspaceMgr);
    }

    @Override
    protected INDArray getParamWithNoise(String param, boolean training, LayerWorkspaceMgr workspaceMgr) {
        return popup.paramWithNoise(param, training, () -> super.getParamWithNoise(param, training, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return popup.routeToScores(super.backpropGradient(epsilon, workspaceMgr), gradientViews);
    }

    @Override
    public Mask mask() {
        return popup.mask();
    }

    @Override
    public INDArray effectiveWeights() {
        return popup.effectiveWeights();
    }
}
