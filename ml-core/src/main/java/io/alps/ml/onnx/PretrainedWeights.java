package io.alps.ml.onnx;

import io.alps.api.model.LayerNames;
import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.model.NetworkBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Puts a trained network's numbers ({@link OnnxParameters}) into a network built from a plan,
 * matching the two layer by layer in order: the plan's convolutions, batch norms and dense layers
 * against the file's, each shape checked. The output layer is left as built (new for the data
 * set's classes) unless the caller keeps the file's and its shape fits.
 */
public final class PretrainedWeights {
    /** What happens to the file's output layer. */
    public enum Head {
        /** The network's own, freshly initialised output layer stays (the usual start for new classes). */
        REPLACE,
        /** The file's output layer is loaded too; its shape must fit. */
        KEEP
    }

    private PretrainedWeights() {
    }

    /**
     * Loads {@code source} into {@code network} (built from {@code plan}) in place.
     *
     * @throws IllegalArgumentException one line naming the first layer that differs, expected vs found
     */
    public static void load(NetworkPlan plan, ComputationGraph network, List<OnnxParameters.Layer> source, Head head) {
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < plan.layers().size(); i++) {
            LayerSpec s = plan.layers().get(i);
            if (s instanceof LayerSpec.Conv || s instanceof LayerSpec.BatchNorm || s instanceof LayerSpec.Dense) {
                targets.add(i);
            }
        }
        targets.add(plan.outputLayerIndex());
        requireBatchNorms(plan, targets, source);
        for (int t = 0; t < targets.size(); t++) {
            int index = targets.get(t);
            String name = LayerNames.of(plan, index);
            Layer layer = NetworkBuilder.layer(network, plan, index);
            OnnxParameters.Kind expected = kindOf(plan, index);
            if (t >= source.size()) {
                throw new IllegalArgumentException("layer " + name + " differs: expected a " + describe(expected)
                        + ", the file has no more layers (" + source.size() + " for the network's " + targets.size() + ")");
            }
            OnnxParameters.Layer from = source.get(t);
            if (from.kind() != expected) {
                throw new IllegalArgumentException("layer " + name + " differs: expected a " + describe(expected)
                        + ", found " + from.describe());
            }
            boolean output = index == plan.outputLayerIndex();
            if (expected == OnnxParameters.Kind.BATCH_NORM) {
                batchNorm(name, layer, from);
            } else if (output && head == Head.REPLACE) {
                // The new classifier keeps its seeded weights, but it must read what the file's did.
                INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
                if (from.weight().rank() != 2 || from.weight().size(0) != w.size(0)) {
                    throw new IllegalArgumentException("layer " + name + " differs: expected " + w.size(0)
                            + " inputs, found weight " + Arrays.toString(from.weight().shape()) + " in " + from.describe());
                }
            } else {
                weighted(name, layer, from);
            }
        }
        if (source.size() > targets.size()) {
            throw new IllegalArgumentException("the file has " + source.size() + " layers with weights after the "
                    + "network's " + targets.size() + " (next: " + source.get(targets.size()).describe() + ")");
        }
    }

    /**
     * A network with batch norms against a file without any: PyTorch's default export (evaluation
     * mode) folds each batch norm into the convolution before it, which gives the same outputs
     * but no layers to match, so the one export that keeps them is named.
     */
    private static void requireBatchNorms(NetworkPlan plan, List<Integer> targets, List<OnnxParameters.Layer> source) {
        boolean fileHasBatchNorms = source.stream().anyMatch(l -> l.kind() == OnnxParameters.Kind.BATCH_NORM);
        targets.stream().filter(i -> kindOf(plan, i) == OnnxParameters.Kind.BATCH_NORM).findFirst()
                .filter(first -> !fileHasBatchNorms)
                .ifPresent(first -> {
                    throw new IllegalArgumentException("layer " + LayerNames.of(plan, first) + " differs: expected a "
                            + "batch norm layer, the file has none (folded into its convolutions?); from PyTorch, "
                            + "export after model.eval() with torch.onnx.export(..., "
                            + "training=torch.onnx.TrainingMode.PRESERVE) to keep them");
                });
    }

    private static OnnxParameters.Kind kindOf(NetworkPlan plan, int index) {
        if (index == plan.outputLayerIndex()) {
            return OnnxParameters.Kind.DENSE;
        }
        LayerSpec s = plan.layers().get(index);
        return s instanceof LayerSpec.Conv ? OnnxParameters.Kind.CONV
                : s instanceof LayerSpec.BatchNorm ? OnnxParameters.Kind.BATCH_NORM : OnnxParameters.Kind.DENSE;
    }

    private static String describe(OnnxParameters.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " layer";
    }

    private static void weighted(String name, Layer layer, OnnxParameters.Layer from) {
        INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        requireShape(name, "weight", w.shape(), from.weight(), from);
        INDArray b = layer.paramTable().get(DefaultParamInitializer.BIAS_KEY);
        if (b != null && from.bias() != null) {
            requireShape(name, "bias", new long[] {b.length()}, from.bias(), from);
        } else if (b == null && from.bias() != null && from.bias().amaxNumber().doubleValue() != 0) {
            // An edge-popup layer has no bias: it chooses among the weights alone, so the file's bias is left out.
            if (!(layer instanceof io.alps.ml.model.EffectiveWeights)) {
                throw new IllegalArgumentException("layer " + name + " differs: expected no bias, found bias "
                        + Arrays.toString(from.bias().shape()) + " in " + from.describe());
            }
        }
        w.assign(from.weight().castTo(w.dataType()));
        if (b != null) {
            if (from.bias() == null) {
                b.assign(0);
            } else {
                b.assign(from.bias().reshape(b.shape()).castTo(b.dataType()));
            }
        }
    }

    private static void batchNorm(String name, Layer layer, OnnxParameters.Layer from) {
        BatchNormalization conf = (BatchNormalization) layer.conf().getLayer();
        long channels = conf.getNOut();
        for (int i = 0; i < 4; i++) {
            requireShape(name, List.of("scale", "shift", "running mean", "running variance").get(i),
                    new long[] {channels}, from.tensors().size() > i ? from.tensors().get(i) : null, from);
        }
        INDArray mean = from.tensors().get(2);
        // Same outputs at a different epsilon: the normaliser is sqrt(variance + epsilon).
        INDArray variance = Transforms.max(from.tensors().get(3).add(from.epsilon() - conf.getEps()), 0.0);
        if (!conf.isLockGammaBeta()) {
            assign(layer, BatchNormalizationParamInitializer.GAMMA, from.tensors().get(0));
            assign(layer, BatchNormalizationParamInitializer.BETA, from.tensors().get(1));
        }
        assign(layer, BatchNormalizationParamInitializer.GLOBAL_MEAN, mean);
        if (conf.isUseLogStd()) {
            // DL4J keeps log10 of the running standard deviation: log10(sqrt(v)) = log10(v) / 2.
            assign(layer, BatchNormalizationParamInitializer.GLOBAL_LOG_STD, Transforms.log(variance, 10, true).mul(0.5));
        } else {
            assign(layer, BatchNormalizationParamInitializer.GLOBAL_VAR, variance);
        }
    }

    private static void assign(Layer layer, String key, INDArray values) {
        INDArray p = layer.getParam(key);
        p.assign(values.reshape(p.shape()).castTo(p.dataType()));
    }

    private static void requireShape(String name, String what, long[] expected, INDArray found,
                                     OnnxParameters.Layer from) {
        if (found == null || !Arrays.equals(expected, found.shape())) {
            throw new IllegalArgumentException("layer " + name + " differs: expected " + what + " "
                    + Arrays.toString(expected) + ", found " + (found == null ? "none" : Arrays.toString(found.shape()))
                    + " in " + from.describe());
        }
    }
}
