package io.alps.ml.onnx;

import io.alps.api.model.LayerNames;
import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.model.NetworkBuilder;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ONNX graph of a network built from a plan ({@link NetworkBuilder}): the plan gives the layers
 * and how they are wired, the built network the hyperparameters each layer really runs with and
 * the numbers it computes with ({@link AppliedParameters}). Every plan layer's output is a tensor
 * named as the layer ({@link LayerNames}: conv0, bn1, pool2, ...), its activation included, so a
 * graph viewer shows the plan's names. Inference only: dropout is the identity there.
 */
final class OnnxGraphBuilder {
    /** The graph's input: a batch of images as the network sees them, N x C x H x W. */
    static final String INPUT = LayerNames.INPUT;
    /** The graph's output: the class probabilities, N x classes. */
    static final String OUTPUT = "probabilities";
    /** The name of the batch dimension, whose size each run chooses. */
    static final String BATCH = "batch";

    private final NetworkPlan plan;
    private final ComputationGraph network;
    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();

    private OnnxGraphBuilder(NetworkPlan plan, ComputationGraph network) {
        this.plan = plan;
        this.network = network;
    }

    /** The graph of {@code network}, which must be the network {@code plan} builds (at any widths). */
    static Onnx.GraphProto build(NetworkPlan plan, ComputationGraph network) {
        return new OnnxGraphBuilder(plan, network).build();
    }

    private Onnx.GraphProto build() {
        graph.setName(plan.architecture());
        graph.addInput(OnnxTensors.floatValue(INPUT, BATCH, plan.input().channels(), plan.input().height(),
                plan.input().width()));
        for (int i = 0; i < plan.layers().size(); i++) {
            LayerSpec spec = plan.layers().get(i);
            String name = LayerNames.of(plan, i);
            String in = tensorOf(plan.inputsOf(i).get(0));
            if (spec instanceof LayerSpec.Conv) {
                conv(name, in, layer(i));
            } else if (spec instanceof LayerSpec.BatchNorm bn) {
                batchNorm(name, in, layer(i), bn.relu());
            } else if (spec instanceof LayerSpec.MaxPool) {
                maxPool(name, in, layer(i));
            } else if (spec instanceof LayerSpec.Dense) {
                dense(name, flat(i, in), layer(i));
            } else if (spec instanceof LayerSpec.Add) {
                String[] summands = plan.inputsOf(i).stream().map(this::tensorOf).toArray(String[]::new);
                node("Sum", name + "/sum", summands, name + "/sum");
                node("Relu", name + "/relu", new String[] {name + "/sum"}, name);
            } else if (spec instanceof LayerSpec.GlobalAvgPool) {
                node("GlobalAveragePool", name + "/pool", new String[] {in}, name + "/pool");
                graph.addNode(flatten(name + "/pool", name));
            } else {
                throw new UnsupportedOperationException("layer " + name + " (" + spec + ") has no ONNX form");
            }
        }
        int out = plan.outputLayerIndex();
        dense(LayerNames.OUTPUT, flat(out, tensorOf(plan.inputsOf(out).get(0))), layer(out));
        graph.addOutput(OnnxTensors.floatValue(OUTPUT, BATCH, plan.numClasses()));
        return graph.build();
    }

    private Layer layer(int index) {
        Layer layer = NetworkBuilder.layer(network, plan, index);
        if (layer == null) {
            throw new IllegalArgumentException("the network has no layer " + LayerNames.of(plan, index)
                    + ": it is not the " + plan.architecture() + " network its plan describes");
        }
        return layer;
    }

    private void conv(String name, String in, Layer layer) {
        ConvolutionLayer conf = (ConvolutionLayer) layer.conf().getLayer();
        requireOrdinaryWindows(name, conf.getConvolutionMode(), conf.getCnn2dDataFormat());
        if (!Arrays.equals(conf.getDilation(), new int[] {1, 1})) {
            throw new UnsupportedOperationException(name + ": dilated convolutions have no ONNX form here");
        }
        INDArray w = AppliedParameters.weights(layer);
        INDArray b = AppliedParameters.bias(layer);
        String[] inputs = b == null ? new String[] {in, name + ".weight"} : new String[] {in, name + ".weight", name + ".bias"};
        graph.addInitializer(OnnxTensors.floats(name + ".weight", w, w.shape()));
        if (b != null) {
            graph.addInitializer(OnnxTensors.floats(name + ".bias", b, b.length()));
        }
        int[] p = conf.getPadding();
        Onnx.NodeProto.Builder node = nodeBuilder("Conv", name + "/conv", inputs, name + "/conv")
                .addAttribute(OnnxAttributes.ints("kernel_shape", conf.getKernelSize()))
                .addAttribute(OnnxAttributes.ints("strides", conf.getStride()))
                .addAttribute(OnnxAttributes.ints("pads", p[0], p[1], p[0], p[1]));
        graph.addNode(node);
        activation(name, name + "/conv", conf.getActivationFn());
    }

    private void batchNorm(String name, String in, Layer layer, boolean relu) {
        AppliedParameters.BatchNorm bn = AppliedParameters.batchNorm(layer);
        long channels = bn.mean().length();
        graph.addInitializer(OnnxTensors.floats(name + ".scale", bn.scale(), channels));
        graph.addInitializer(OnnxTensors.floats(name + ".shift", bn.shift(), channels));
        graph.addInitializer(OnnxTensors.floats(name + ".running_mean", bn.mean(), channels));
        graph.addInitializer(OnnxTensors.floats(name + ".running_var", bn.variance(), channels));
        String normalised = relu ? name + "/norm" : name;
        graph.addNode(nodeBuilder("BatchNormalization", name + "/norm", new String[] {in, name + ".scale",
                name + ".shift", name + ".running_mean", name + ".running_var"}, normalised)
                .addAttribute(OnnxAttributes.floatValue("epsilon", (float) bn.epsilon())));
        if (relu) {
            node("Relu", name + "/relu", new String[] {normalised}, name);
        }
    }

    private void maxPool(String name, String in, Layer layer) {
        SubsamplingLayer conf = (SubsamplingLayer) layer.conf().getLayer();
        if (conf.getPoolingType() != PoolingType.MAX) {
            throw new UnsupportedOperationException(name + ": " + conf.getPoolingType() + " pooling has no ONNX form here");
        }
        requireOrdinaryWindows(name, conf.getConvolutionMode(), conf.getCnn2dDataFormat());
        int[] p = conf.getPadding();
        graph.addNode(nodeBuilder("MaxPool", name + "/pool", new String[] {in}, name)
                .addAttribute(OnnxAttributes.ints("kernel_shape", conf.getKernelSize()))
                .addAttribute(OnnxAttributes.ints("strides", conf.getStride()))
                .addAttribute(OnnxAttributes.ints("pads", p[0], p[1], p[0], p[1])));
    }

    /** A dense or output layer on a flat input: x W + b (DL4J's W is [in, out]), then its activation. */
    private void dense(String name, String in, Layer layer) {
        INDArray w = AppliedParameters.weights(layer);
        INDArray b = AppliedParameters.bias(layer);
        graph.addInitializer(OnnxTensors.floats(name + ".weight", w, w.shape()));
        String[] inputs = b == null ? new String[] {in, name + ".weight"} : new String[] {in, name + ".weight", name + ".bias"};
        if (b != null) {
            graph.addInitializer(OnnxTensors.floats(name + ".bias", b, b.length()));
        }
        node("Gemm", name + "/gemm", inputs, name + "/gemm");
        activation(LayerNames.OUTPUT.equals(name) ? OUTPUT : name, name + "/gemm",
                layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base
                        ? base.getActivationFn() : null);
    }

    /**
     * The input of dense or output layer {@code index} as rows: an image-shaped input is flattened
     * channel by channel, then row by row, as DL4J's flattening of NCHW activations orders it.
     */
    private String flat(int index, String in) {
        int from = plan.inputsOf(index).get(0);
        boolean flatAlready = from != NetworkPlan.INPUT && (plan.layers().get(from) instanceof LayerSpec.Dense
                || plan.layers().get(from) instanceof LayerSpec.GlobalAvgPool);
        if (flatAlready) {
            return in;
        }
        String name = LayerNames.of(plan, index) + "/flatten";
        graph.addNode(flatten(in, name));
        return name;
    }

    private static Onnx.NodeProto flatten(String in, String out) {
        return nodeBuilder("Flatten", out, new String[] {in}, out).addAttribute(OnnxAttributes.intValue("axis", 1)).build();
    }

    /** Applies {@code fn} to {@code in}, giving tensor {@code out}. */
    private void activation(String out, String in, IActivation fn) {
        if (fn instanceof ActivationReLU) {
            node("Relu", out + "/relu", new String[] {in}, out);
        } else if (fn instanceof ActivationSoftmax) {
            graph.addNode(nodeBuilder("Softmax", out + "/softmax", new String[] {in}, out)
                    .addAttribute(OnnxAttributes.intValue("axis", 1)));
        } else if (fn instanceof ActivationIdentity) {
            node("Identity", out + "/identity", new String[] {in}, out);
        } else {
            throw new UnsupportedOperationException(out + ": activation " + fn + " has no ONNX form here");
        }
    }

    /** DL4J's default windows (truncating, NCHW) are ONNX's: explicit padding, output size rounded down. */
    private static void requireOrdinaryWindows(String name, ConvolutionMode mode, CNN2DFormat format) {
        if (!(mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) || format != CNN2DFormat.NCHW) {
            throw new UnsupportedOperationException(name + ": convolution mode " + mode + " in " + format
                    + " has no ONNX form here");
        }
    }

    private String tensorOf(int index) {
        return LayerNames.of(plan, index);
    }

    private void node(String op, String name, String[] inputs, String output) {
        graph.addNode(nodeBuilder(op, name, inputs, output));
    }

    private static Onnx.NodeProto.Builder nodeBuilder(String op, String name, String[] inputs, String output) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(List.of(inputs)).addOutput(output);
    }
}
