package io.alps.ml.model;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link Conv}. DL4J's oneDNN path always computes the gradient with respect to the
 * input as well, and for a first layer nothing reads it; oneDNN pads 3 input channels to 16 for it,
 * so on LeNet-5's first layer (128 images) that unused pass took 3.6 ms of a 19 ms training step
 * against 0.7 ms for the weight gradient. A layer whose {@link Conv#isInputGradient()} is false
 * therefore computes only the weight and bias gradients. The weight gradient of a convolution is the
 * weight gradient of the transposed convolution that maps its output back onto its input, and
 * libnd4j runs that one with oneDNN's backward-weights kernel and a cheap forward convolution. The
 * bias gradient is the sum of the output gradient per channel. Both are DL4J's values up to rounding
 * (the weight gradient to the bit on LeNet-5's first layer). Elsewhere DL4J's path is kept.
 *
 * <p>In inference the layer runs oneDNN's convolution on channels-last (NHWC) memory, the layout
 * oneDNN picks for these convolutions anyway, and applies its activation there; a layer marked
 * {@link Conv#isChannelsLast()} hands the result on as it lies (see {@link ChannelsLast}); an unmarked
 * layer does so only when its input lies channels last already, and copies its result to NCHW. The kernel and its inputs are the same as on DL4J's path, so the outputs are the same
 * to the bit; what goes is libnd4j's layout copies around the call. On LeNet-5 (1,024 images)
 * convolution, ReLU and pooling of the first layer took 8.5 ms this way against 12.5 ms. A layer of
 * few filters computes several output columns per step ({@link PackedColumns}).
 */
public class ConvLayer extends ConvolutionLayer {
    public ConvLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (!withoutInputGradient()) {
            return super.backpropGradient(epsilon, mgr);
        }
        assertInputSet(true);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, mgr);
        INDArray z = preOutput4d(true, true, mgr).getFirst();
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        // The transposed convolution's own input gradient has the output's shape: scratch.
        INDArray scratch = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(), delta.shape(), 'c');
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        int[] p = layerConf().getPadding();
        // kernel, stride, padding, dilation 1, no same mode, NCHW, weights [out, in, kH, kW]
        int[] args = {k[0], k[1], s[0], s[1], p[0], p[1], 1, 1, 0, 0, 1};
        Nd4j.getExecutioner().exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(delta, weights, input)
                .addOutputs(scratch, weightGrad).addIntegerArguments(args).build());
        Gradient gradient = new DefaultGradient();
        if (layerConf().hasBias()) {
            INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            biasGrad.assign(delta.sum(0, 2, 3).reshape(biasGrad.shape()));
            gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad);
        return new Pair<>(gradient, null);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        boolean channelsLast = input != null && (((Conv) layerConf()).isChannelsLast() || ChannelsLast.isView(input));
        if (training || !channelsLast || !channelsLastCovers()) {
            if (input != null && ChannelsLast.isView(input)) {
                input = input.dup('c'); // libnd4j's ops would misread the view
            }
            return super.activate(training, mgr);
        }
        assertInputSet(false);
        validateInputRank();
        INDArray x = ChannelsLast.dense(input.castTo(dataType), mgr);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, false, mgr);
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        int[] p = layerConf().getPadding();
        long outDepth = weights.size(0);
        long outH = (x.size(1) + 2L * p[0] - k[0]) / s[0] + 1;
        long outW = (x.size(2) + 2L * p[1] - k[1]) / s[1] + 1;
        int columns = PackedColumns.of(outDepth, outW, s[1]);
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {x.size(0), outH, outW / columns, columns * outDepth}, 'c');
        INDArray w = columns == 1 ? weights : PackedColumns.weights(weights, columns);
        INDArray[] in = {x, w};
        if (layerConf().hasBias()) {
            INDArray b = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, false, mgr);
            in = new INDArray[] {x, w, columns == 1 ? b : PackedColumns.bias(b, columns)};
        }
        // kernel, stride, padding, dilation 1, no same mode, NHWC, weights [out, in, kH, kW]
        Nd4j.getExecutioner().exec(DynamicCustomOp.builder("conv2d").addInputs(in).addOutputs(z).addIntegerArguments(
                k[0], k[1] + columns - 1, s[0], columns * s[1], p[0], p[1], 1, 1, 0, 1, 1).build());
        z = z.reshape('c', x.size(0), outH, outW, outDepth); // the same memory
        INDArray activated = layerConf().getActivationFn().getActivation(z, false);
        return ChannelsLast.handOn(activated, ((Conv) layerConf()).isChannelsLast(), mgr);
    }

    /** Inference in channels-last memory covers plain convolutions on oneDNN with an element-wise activation. */
    private boolean channelsLastCovers() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        return onOneDnnPlainly() && input.rank() == 4
                && (c.getActivationFn() instanceof ActivationReLU || c.getActivationFn() instanceof ActivationIdentity);
    }

    private boolean onOneDnnPlainly() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        return helper instanceof MKLDNNConvHelper && helperCountFail == 0 && input.dataType() == DataType.FLOAT
                && dataType == DataType.FLOAT && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && c.getConvolutionMode() == ConvolutionMode.Truncate && Arrays.equals(c.getDilation(), new int[] {1, 1});
    }

    /** The own path: asked for, on oneDNN, for the plain convolutions it covers; else DL4J's. */
    private boolean withoutInputGradient() {
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
        if (!(c instanceof Conv conv) || conv.isInputGradient() || input == null || input.rank() != 4
                || !onOneDnnPlainly()) {
            return false;
        }
        // The transposed convolution must give back the input's full size: no rows left over by the stride.
        for (int d = 0; d < 2; d++) {
            if ((input.size(2 + d) + 2L * c.getPadding()[d] - c.getKernelSize()[d]) % c.getStride()[d] != 0) {
                return false;
            }
        }
        return true;
    }
}
