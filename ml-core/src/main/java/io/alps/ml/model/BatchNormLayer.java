package io.alps.ml.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The layer of {@link BatchNorm}: DL4J's batch normalization with a training pass of its own for
 * NCHW float images. DL4J's oneDNN backward pass ({@code batchnorm_bp}) asks oneDNN for the gradient
 * with the batch statistics held fixed and then adds their share in a dozen further passes over the
 * activations, several of them reductions and broadcasts across the channel axis, which libnd4j
 * walks with a stride; on VGG-11's first batch norm (128 x 64 x 32 x 32) it took about 480 ms of a
 * 790 ms forward and backward pass, and the layer's forward pass computes the variance with a slow
 * summary-statistics op. Here every pass over the activations is a reduction along whole rows of
 * contiguous memory or oneDNN's batch-norm kernel used as a per-channel affine map; the same forward
 * and backward pass took 240-300 ms (one JVM, the two layers alternating, on a loaded 2-core machine).
 * Training steps of whole networks, alternating in one JVM on that machine: VGG-11 1.38x, ResNet-18
 * 1.57x as fast as with DL4J's layer.
 *
 * <p>Forward (training): the batch mean; {@code x - mean} through oneDNN's kernel; the biased
 * variance as the mean square of that; then, in place, {@code gamma (x - mean) / sqrt(var + eps) + beta}.
 * Backward, with {@code M} values per channel, {@code g} the incoming gradient and {@code k = gamma / sqrt(var + eps)}:
 * {@code dBeta = sum g}, {@code dGamma = sum g (x - mean) / sqrt(var + eps)} and
 * {@code dx = k g - k dBeta / M - k dGamma (x - mean) / (M sqrt(var + eps))}, the last as two affine maps
 * and a sum. The running mean and standard deviation move as DL4J moves them (its decay, through the
 * same "gradient" its updater applies). Inference, and any input this does not cover, go DL4J's way.
 */
final class BatchNormLayer extends BatchNormalization {

    private INDArray batchMean;
    private INDArray batchVar;
    private INDArray zeros;
    private INDArray ones;
    /** True when the last forward pass in training was this layer's own (the backward pass then is too). */
    private boolean ownForward;

    BatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        ownForward = training && input != null && covers(input);
        if (!ownForward) {
            return super.activate(training, mgr);
        }
        assertInputSet(false);
        INDArray x = dense(input);
        long m = x.length() / x.size(1);
        vectors(x.size(1));
        INDArray rows = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, new long[] {x.size(0) * x.size(1)}, 'c');
        Nd4j.exec(new Sum(rows(x), rows, 1));
        perChannel(rows, batchMean).divi(m);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        affine(x, batchMean, ones, ones, zeros, 0, out); // x - mean
        Nd4j.exec(new SquaredNorm(rows(out), rows, 1));
        perChannel(rows, batchVar).divi(m);
        affine(out, zeros, batchVar, gamma(), beta(), layerConf().getEps(), out);
        return out;
    }

    @Override
    public Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (!ownForward || !covers(epsilon)) {
            return super.backpropGradient(epsilon, mgr);
        }
        assertInputSet(true);
        INDArray x = dense(input);
        INDArray g = dense(epsilon);
        long n = x.size(0);
        long c = x.size(1);
        long m = x.length() / c;
        INDArray dGamma = gradientViews.get(BatchNormalizationParamInitializer.GAMMA).reshape(c);
        INDArray dBeta = gradientViews.get(BatchNormalizationParamInitializer.BETA).reshape(c);
        INDArray rows = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {n * c}, 'c');
        Nd4j.exec(new Sum(rows(g), rows, 1));
        perChannel(rows, dBeta);
        // sum g (x - mean) = sum g x - mean sum g
        Nd4j.exec(new Dot(rows(g), rows(x), rows, 1));
        INDArray centred = perChannel(rows, Nd4j.create(dataType, c)).subi(batchMean.mul(dBeta));
        INDArray invStd = Transforms.pow(batchVar.add(layerConf().getEps()), -0.5, false);
        dGamma.assign(centred.mul(invStd));
        INDArray k = gamma().mul(invStd);
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        affine(g, zeros, ones, k, k.mul(dBeta).divi(-m), 0, dx);
        INDArray slope = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, x.shape(), 'c');
        affine(x, batchMean, ones, k.mul(invStd).muli(dGamma).divi(-m), zeros, 0, slope);
        dx.addi(slope);

        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, gradientViews.get(BatchNormalizationParamInitializer.GAMMA));
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, gradientViews.get(BatchNormalizationParamInitializer.BETA));
        runningStatistics(gradient);
        ownForward = false;
        return new Pair<>(gradient, dx);
    }

    /**
     * DL4J's update of the running statistics, as the "gradient" its updater subtracts: the mean moves
     * by {@code (1 - decay) (mean - batchMean)}, the variance to {@code decay var + (1 - decay) batchVar}.
     */
    private void runningStatistics(Gradient gradient) {
        double decay = layerConf().getDecay();
        INDArray mean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        INDArray dMean = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        dMean.assign(mean.reshape(batchMean.shape()).sub(batchMean).muli(1 - decay).reshape(dMean.shape()));
        gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMean);
        if (layerConf().isUseLogStd()) {
            INDArray log10Std = getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            INDArray var = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, log10Std.dataType()), log10Std, false);
            var.muli(var);
            INDArray next = var.mul(decay).addi(batchVar.mul(1 - decay).reshape(var.shape()));
            INDArray dLog = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            dLog.assign(Transforms.log(var.divi(next), false).muli(ONE_ON_2LOGE_10));
            gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, dLog);
        } else {
            INDArray var = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
            INDArray dVar = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
            dVar.assign(var.reshape(batchVar.shape()).sub(batchVar).muli(1 - decay).reshape(dVar.shape()));
            gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, dVar);
        }
    }

    /** {@code out = scale (x - shift) / sqrt(var + eps) + offset} per channel, in one pass of oneDNN's kernel ({@code out} may be {@code x}). */
    private static void affine(INDArray x, INDArray shift, INDArray var, INDArray scale, INDArray offset, double eps,
                               INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, shift, var, scale, offset).addOutputs(out)
                .addIntegerArguments(1, 1, 1).addFloatingPointArguments(eps).build());
    }

    /** NCHW float images with learned scale and shift; anything else goes DL4J's way. */
    private boolean covers(INDArray array) {
        return array.rank() == 4 && array.dataType() == DataType.FLOAT && dataType == DataType.FLOAT
                && layerConf().getCnn2DFormat() == CNN2DFormat.NCHW && !layerConf().isLockGammaBeta()
                && array.length() > array.size(1);
    }

    private INDArray gamma() {
        return getParam(BatchNormalizationParamInitializer.GAMMA).reshape(batchMean.length());
    }

    private INDArray beta() {
        return getParam(BatchNormalizationParamInitializer.BETA).reshape(batchMean.length());
    }

    /**
     * An image batch as rows of contiguous values, one row per image and channel: libnd4j reduces along
     * such rows quickly, and summing per row first and then over the images keeps float sums accurate
     * (over a whole channel at once, dBeta came out ten times further from a double-precision reference).
     */
    private static INDArray rows(INDArray images) {
        return images.reshape('c', images.size(0) * images.size(1), images.length() / (images.size(0) * images.size(1)));
    }

    /** Sums per-row values ([images x channels]) over the images into {@code target}. */
    private static INDArray perChannel(INDArray rowValues, INDArray target) {
        return rowValues.reshape('c', rowValues.length() / target.length(), target.length()).sum(target, 0);
    }

    private static INDArray dense(INDArray a) {
        return Shape.hasDefaultStridesForShape(a) && a.ordering() == 'c' ? a : a.dup('c');
    }

    /** The per-channel vectors, kept outside any workspace and reused from step to step. */
    private void vectors(long channels) {
        if (batchMean == null || batchMean.length() != channels) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                batchMean = Nd4j.create(dataType, channels);
                batchVar = Nd4j.create(dataType, channels);
                zeros = Nd4j.zeros(dataType, channels);
                ones = Nd4j.ones(dataType, channels);
            }
        }
    }
}
