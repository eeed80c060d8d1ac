package io.alps.ml.model;

import io.alps.api.model.LayerNames;
import io.alps.api.model.LayerSpec;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Ordinary trainable layers: ReLU conv and dense, softmax output with cross-entropy. */
public final class StandardLayers implements LayerFactory {
    @Override
    public Layer conv(LayerSpec.Conv spec, int index, IActivation activation) {
        return Conv.of(new ConvolutionLayer.Builder(spec.kernel(), spec.kernel()).stride(spec.stride(), spec.stride())
                .padding(spec.padding(), spec.padding()).hasBias(!spec.withoutBias()).nOut(spec.filters())
                .activation(activation).name("conv" + index));
    }

    @Override
    public Layer batchNorm(LayerSpec.BatchNorm spec, int index) {
        return BatchNorm.of(new BatchNormalization.Builder().activation(Activation.IDENTITY).name("bn" + index));
    }

    @Override
    public Layer dense(LayerSpec.Dense spec, int index) {
        return new DenseLayer.Builder().nOut(spec.units()).activation(Relu.INSTANCE).name("dense" + index).build();
    }

    @Override
    public Layer output(int numClasses, int index) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                .activation(Activation.SOFTMAX).name(LayerNames.OUTPUT).build();
    }
}
