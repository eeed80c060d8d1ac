package io.alps.ml.popup;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/** Configuration of an edge-popup fully connected layer (bias-free, frozen weights, trainable scores). */
public class PopupDense extends FeedForwardLayer implements PopupLayerConfig {
    private double k = 0.5;
    private PopupInit popupInit = PopupInit.KAIMING_NORMAL;

    /** For JSON deserialisation of saved networks. */
    public PopupDense() {
    }

    private PopupDense(Builder builder) {
        super(builder);
        this.k = builder.k;
        this.popupInit = builder.popupInit;
        initializeConstraints(builder);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray paramsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return PopupConfigs.instantiate("PopupDense", this, PopupDenseLayer::new, conf, listeners, layerIndex, paramsView,
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
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        int updaterState = (int) getIUpdater().stateSize(numParams / 2);
        return new LayerMemoryReport.Builder(layerName, PopupDense.class, inputType, outputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 0, 0, outputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
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
        return o instanceof PopupDense p && super.equals(o) && k == p.k && popupInit == p.popupInit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), k, popupInit);
    }

    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private double k = 0.5;
        private PopupInit popupInit = PopupInit.KAIMING_NORMAL;

        public Builder k(double k) {
            this.k = k;
            return this;
        }

        public Builder popupInit(PopupInit init) {
            this.popupInit = init;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public PopupDense build() {
            return new PopupDense(this);
        }
    }
}
