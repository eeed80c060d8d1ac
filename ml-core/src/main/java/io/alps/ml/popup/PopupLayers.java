package io.alps.ml.popup;

import io.alps.ml.model.LayerFactory;
import io.alps.api.model.LayerSpec;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import io.alps.ml.model.Relu;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Realises a plan's conv, dense and output layers as edge-popup layers (same shapes and
 * activations as {@link io.alps.ml.model.StandardLayers}, no biases), so any architecture in the
 * registry can be turned into an edge-popup network.
 */
public final class PopupLayers implements LayerFactory {
    public static final String OUTPUT_NAME = io.alps.api.model.LayerNames.OUTPUT;

    private final PopupSettings settings;

    public PopupLayers(PopupSettings settings) {
        this.settings = settings;
    }

    /** The layer name used for reports, files and per-layer k: conv0, conv2, dense4, ..., output. */
    public static String name(LayerSpec spec, int index) {
        return (spec instanceof LayerSpec.Conv ? "conv" : "dense") + index;
    }

    @Override
    public Layer conv(LayerSpec.Conv spec, int index, IActivation activation) {
        String name = name(spec, index);
        return new PopupConvolution.Builder(spec.kernel(), spec.kernel()).k(settings.k(name))
                .popupInit(settings.init()).stride(spec.stride(), spec.stride()).padding(spec.padding(), spec.padding()).nOut(spec.filters())
                .activation(activation).name(name).build();
    }

    /** As hidden-networks' non-affine batch norm: no learned scale or shift, statistics still tracked. */
    @Override
    public Layer batchNorm(LayerSpec.BatchNorm spec, int index) {
        return new BatchNormalization.Builder().lockGammaBeta(true).gamma(1).beta(0)
                .activation(Activation.IDENTITY).name("bn" + index).build();
    }

    @Override
    public Layer dense(LayerSpec.Dense spec, int index) {
        String name = name(spec, index);
        return new PopupDense.Builder().k(settings.k(name)).popupInit(settings.init()).nOut(spec.units())
                .activation(Relu.INSTANCE).name(name).build();
    }

    @Override
    public Layer output(int numClasses, int index) {
        return new PopupOutput.Builder(LossFunctions.LossFunction.MCXENT).k(settings.k(OUTPUT_NAME))
                .popupInit(settings.init()).nOut(numClasses).activation(Activation.SOFTMAX).name(OUTPUT_NAME).build();
    }
}
