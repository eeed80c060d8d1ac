package io.alps.ml.popup;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import io.alps.ml.model.Conv;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Configuration of an edge-popup convolution: {@link Conv} (DL4J's convolution and its oneDNN helper) run on
 * the masked frozen weights; only the scores train. Serialises with the network (k and init included).
 */
public class PopupConvolution extends Conv implements PopupLayerConfig {
    private double k = 0.5;
    private PopupInit popupInit = PopupInit.KAIMING_NORMAL;

    /** For JSON deserialisation of saved networks. */
    public PopupConvolution() {
    }

    private PopupConvolution(Builder builder) {
        super(builder);
        this.k = builder.k;
        this.popupInit = builder.popupInit;
        this.hasBias = false;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray paramsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return PopupConfigs.instantiate("PopupConvolution", this, PopupConvolutionLayer::new, conf, listeners, layerIndex, paramsView,
                initializeParams, networkDataType);
    }

    @Override
    public ParamInitializer initializer() {
        return PopupParamInitializer.INSTANCE;
    }

    @Override
    public IUpdater getUpdaterByParam(String param) {
        return PopupConfigs.updater(param, () -> super.getUpdaterByParam(param));
    }

    @Override
    public List<Regularization> getRegularizationByParam(String param) {
        return PopupConfigs.regularization(param, () -> super.getRegularizationByParam(param));
    }

    @Override
    public long[] weightShape() {
        return new long[] {getNOut(), getNIn(), kernelSize[0], kernelSize[1]};
    }

    @Override
    public char weightOrder() {
        return 'c';
    }

    @Override
    public double fanIn() {
        return (double) getNIn() * kernelSize[0] * kernelSize[1];
    }

    @Override
    public double getK() {
        return k;
    }

    public void setK(double k) {
        this.k = k;
    }

    @Override
    public PopupInit getPopupInit() {
        return popupInit;
    }

    public void setPopupInit(PopupInit popupInit) {
        this.popupInit = popupInit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PopupConvolution p && super.equals(o) && k == p.k && popupInit == p.popupInit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), k, popupInit);
    }

    /** Builds a bias-free edge-popup convolution. */
    public static final class Builder extends ConvolutionLayer.Builder {
        private double k = 0.5;
        private PopupInit popupInit = PopupInit.KAIMING_NORMAL;

        public Builder(int... kernelSize) {
            super(kernelSize);
            hasBias(false);
        }

        public Builder k(double k) {
            this.k = k;
            return this;
        }

        public Builder popupInit(PopupInit init) {
            this.popupInit = init;
            return this;
        }

        @Override
        public PopupConvolution build() {
            ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
            ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
            return new PopupConvolution(this);
        }
    }
}
