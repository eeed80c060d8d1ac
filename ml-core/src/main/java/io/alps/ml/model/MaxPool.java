package io.alps.ml.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling over {@code size x size} windows with stride {@code size}, DL4J's subsampling layer
 * except that it pools fewer than {@link MaxPoolLayer#ONEDNN_MIN_CHANNELS} channels without oneDNN
 * (see {@link MaxPoolLayer}; a structurally pruned LeNet-5 reaches 3 filters in its first layer),
 * and that in inference it pools channels-last input as such (see {@link ChannelsLast}). The flag
 * is saved with the network.
 */
public final class MaxPool extends SubsamplingLayer {
    private boolean channelsLast;

    /** For reading a stored configuration. */
    public MaxPool() {
    }

    public MaxPool(int size, String name) {
        super(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(size, size).stride(size, size).name(name));
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new MaxPoolLayer(conf, networkDataType), this, conf, listeners, layerIndex, paramsView,
                initializeParams);
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
        return o instanceof MaxPool m && super.equals(o) && channelsLast == m.channelsLast;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), channelsLast);
    }
}
