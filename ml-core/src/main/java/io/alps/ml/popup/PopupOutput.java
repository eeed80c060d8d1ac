package io.alps.ml.popup;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Configuration of an edge-popup output layer (bias-free; the reference masks the classifier too). */
public class PopupOutput extends OutputLayer implements PopupLayerConfig {
    private double k = 0.5;
    private PopupInit popupInit = PopupInit.KAIMING_NORMAL;

    /** For JSON deserialisation of saved networks. */
    public PopupOutput() {
    }

    private PopupOutput(Builder builder) {
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
        return PopupConfigs.instantiate("PopupOutput", this, PopupOutputLayer::new, conf, listeners, layerIndex, paramsView,
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
        return o instanceof PopupOutput p && super.equals(o) && k == p.k && popupInit == p.popupInit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), k, popupInit);
    }

    /** Softmax with cross-entropy unless told otherwise, as DL4J's own output layer. */
    public static final class Builder extends OutputLayer.Builder {
        private double k = 0.5;
        private PopupInit popupInit = PopupInit.KAIMING_NORMAL;

        public Builder(LossFunctions.LossFunction loss) {
            super(loss);
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
        public PopupOutput build() {
            return new PopupOutput(this);
        }
    }
}
