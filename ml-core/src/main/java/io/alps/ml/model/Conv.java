package io.alps.ml.model;

import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's convolution, except that a layer fed by the network's input can skip its input gradient,
 * which nothing uses, and that in inference a layer whose readers allow it hands its output on in
 * channels-last memory (see {@link ConvLayer}, {@link ChannelsLast}). The flags are saved with the
 * network.
 */
public class Conv extends ConvolutionLayer {
    private boolean inputGradient = true;
    private boolean channelsLast;

    /** For reading a stored configuration. */
    public Conv() {
    }

    protected Conv(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    /** A convolution as {@code builder} describes it (checked as DL4J's own builder checks it). */
    public static Conv of(ConvolutionLayer.Builder builder) {
        builder.build(); // DL4J's own checks of kernel, stride and padding
        return new Conv(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("Conv", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerWiring.wire(new ConvLayer(conf, networkDataType), this, conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    /** False when nothing needs the gradient with respect to this layer's input. */
    public boolean isInputGradient() {
        return inputGradient;
    }

    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    /** True when, in inference, this layer's output may stay in channels-last memory (its readers take it). */
    public boolean isChannelsLast() {
        return channelsLast;
    }

    public void setChannelsLast(boolean channelsLast) {
        this.channelsLast = channelsLast;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conv c && super.equals(o) && inputGradient == c.inputGradient
                && channelsLast == c.channelsLast;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inputGradient, channelsLast);
    }
}
