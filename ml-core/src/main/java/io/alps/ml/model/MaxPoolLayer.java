package io.alps.ml.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link MaxPool}. Below 4 channels oneDNN pools in the plain NCHW layout with a
 * generic kernel: measured on 1,024 images of 28x28, 3 channels took 10.9 ms against 1.6 ms for 6
 * channels (and libnd4j's own kernel, 1.6 ms for 3); the backward pass 2.1 against 0.65 ms per 128
 * images. So such layers run libnd4j's kernels with oneDNN turned off for the op; from 4 channels
 * on, oneDNN's blocked kernels are faster and DL4J's path is kept. A maximum is exact, so both
 * paths give the same numbers.
 *
 * <p>In inference, input that lies channels last (see {@link ChannelsLast}) is pooled as such by
 * oneDNN, at any channel count (1,024 images of 28x28: 0.65 ms for 6 channels against 1.65 ms in
 * NCHW, 0.76 ms for 3); a layer marked {@link MaxPool#isChannelsLast()} hands the result on as it
 * lies, others copy it to NCHW.
 */
final class MaxPoolLayer extends SubsamplingLayer {
    static final int ONEDNN_MIN_CHANNELS = 4;

    MaxPoolLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** True when this input has too few channels for oneDNN's good kernels (NCHW). */
    static boolean withoutOneDnn(INDArray input) {
        return input.rank() == 4 && input.size(1) < ONEDNN_MIN_CHANNELS;
    }

    /** The own path covers what {@link MaxPool} builds; anything else goes DL4J's way. */
    private boolean ownPath() {
        return withoutOneDnn(input) && builtByMaxPool();
    }

    private boolean builtByMaxPool() {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        int k = c.getKernelSize()[0];
        return c instanceof MaxPool && c.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                && c.getCnn2dDataFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NCHW
                && c.getConvolutionMode() == org.deeplearning4j.nn.conf.ConvolutionMode.Truncate
                && java.util.Arrays.equals(c.getKernelSize(), new int[] {k, k})
                && java.util.Arrays.equals(c.getStride(), new int[] {k, k})
                && java.util.Arrays.equals(c.getPadding(), new int[] {0, 0})
                && java.util.Arrays.equals(c.getDilation(), new int[] {1, 1})
                && input.size(2) >= k && input.size(3) >= k && input.dataType() == dataType;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        if (input != null && !training && ChannelsLast.isView(input)) {
            if (builtByMaxPool()) {
                return poolChannelsLast(mgr);
            }
            input = input.dup('c'); // libnd4j's ops would misread the view
        }
        if (input == null || !ownPath()) {
            return super.activate(training, mgr);
        }
        assertInputSet(false);
        int k = layerConf().getKernelSize()[0];
        long[] s = input.shape();
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[] {s[0], s[1], s[2] / k, s[3] / k}, 'c');
        exec("maxpool2d", out, input);
        return out;
    }

    private INDArray poolChannelsLast(LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        int k = layerConf().getKernelSize()[0];
        INDArray x = ChannelsLast.dense(input, mgr);
        long[] s = x.shape();
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(),
                new long[] {s[0], s[1] / k, s[2] / k, s[3]}, 'c');
        // kernel, stride, padding, dilation, same mode off, max (not p-norm), NHWC; oneDNN at any width
        Nd4j.getExecutioner().exec(DynamicCustomOp.builder("maxpool2d").addInputs(x).addOutputs(out)
                .addIntegerArguments(k, k, k, k, 0, 0, 1, 1, 0, 0, 1).build());
        return ChannelsLast.handOn(out, ((MaxPool) layerConf()).isChannelsLast(), mgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (input == null || !ownPath()) {
            return super.backpropGradient(epsilon, mgr);
        }
        assertInputSet(true);
        INDArray epsOut = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        exec("maxpool2d_bp", epsOut, input, epsilon);
        return new Pair<>(new DefaultGradient(), epsOut);
    }

    private void exec(String op, INDArray out, INDArray... in) {
        int k = layerConf().getKernelSize()[0];
        // kernel, stride, padding, dilation, same mode off, max (not p-norm), NCHW
        int[] args = {k, k, k, k, 0, 0, 1, 1, 0, 0, 0};
        DynamicCustomOp custom = DynamicCustomOp.builder(op).addInputs(in).addOutputs(out).addIntegerArguments(args)
                .build();
        try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
            ctx.allowHelpers(false);
            for (int i = 0; i < in.length; i++) {
                ctx.setInputArray(i, in[i]);
            }
            ctx.setOutputArray(0, out);
            ctx.setIArguments(custom.iArgs());
            Nd4j.getExecutioner().exec(custom, ctx);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
