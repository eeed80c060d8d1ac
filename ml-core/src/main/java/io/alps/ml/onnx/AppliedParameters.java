package io.alps.ml.onnx;

import io.alps.ml.model.EffectiveWeights;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The numbers a built layer computes with in inference, which are not always its stored
 * parameters: an edge-popup layer multiplies with its frozen weights masked to the kept ones, and
 * DL4J's batch norm keeps log10 of the running standard deviation and may fix its scale and shift.
 */
final class AppliedParameters {
    private AppliedParameters() {
    }

    /** Weights in DL4J's layout: [out, in, kH, kW] for a convolution, [in, out] for a dense layer. */
    static INDArray weights(Layer layer) {
        return layer instanceof EffectiveWeights e ? e.effectiveWeights()
                : layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
    }

    /** The bias as a vector, or null for a layer without one (edge-popup's, or a convolution before a batch norm). */
    static INDArray bias(Layer layer) {
        INDArray b = layer.paramTable().get(DefaultParamInitializer.BIAS_KEY);
        return b == null ? null : b.reshape(b.length());
    }

    /** A batch norm's scale, shift, running mean and running variance (each a vector over channels) and epsilon. */
    record BatchNorm(INDArray scale, INDArray shift, INDArray mean, INDArray variance, double epsilon) {
    }

    static BatchNorm batchNorm(Layer layer) {
        BatchNormalization conf = (BatchNormalization) layer.conf().getLayer();
        long channels = conf.getNOut();
        INDArray mean = vector(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        INDArray variance;
        if (conf.isUseLogStd()) {
            // DL4J keeps log10 of the standard deviation: the variance is (10^s)^2.
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(mean.shape(), 10.0, mean.dataType()),
                    vector(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)), false);
            variance = std.mul(std);
        } else {
            variance = vector(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
        }
        INDArray scale;
        INDArray shift;
        if (conf.isLockGammaBeta()) {
            scale = Nd4j.valueArrayOf(new long[] {channels}, conf.getGamma(), DataType.FLOAT);
            shift = Nd4j.valueArrayOf(new long[] {channels}, conf.getBeta(), DataType.FLOAT);
        } else {
            scale = vector(layer.getParam(BatchNormalizationParamInitializer.GAMMA));
            shift = vector(layer.getParam(BatchNormalizationParamInitializer.BETA));
        }
        return new BatchNorm(scale, shift, mean, variance, conf.getEps());
    }

    private static INDArray vector(INDArray a) {
        return a.reshape(a.length());
    }
}
