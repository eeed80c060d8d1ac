package io.alps.ml.popup;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The running edge-popup dense layer: DL4J's dense forward/backward on {@code W_eff}, gradients to the scores. */
public final class PopupDenseLayer extends BaseLayer<PopupDense> implements PopupLayer {
    private final PopupWeights popup;

    public PopupDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.popup = new PopupWeights(this, conf);
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("train edge-popup layers through their network");
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
