package io.alps.ml.model;

import io.alps.api.model.LayerNames;
import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.backend.Backend;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Builds and seeds the DL4J network for a plan, as a computation graph (one kind of network for
 * chains and for networks with residual sums). Graph node names are the plan's layer names
 * ({@link LayerNames}). The same plan and seed give the same weights; for a chain they are the
 * weights, and the training steps, that a layer-list network of the same seed has.
 */
public final class NetworkBuilder {
    private NetworkBuilder() {
    }

    public static ComputationGraph build(NetworkPlan plan, double learningRate, long seed) {
        return build(plan, learningRate, seed, new StandardLayers());
    }

    public static ComputationGraph build(NetworkPlan plan, double learningRate, long seed, LayerFactory layers) {
        ComputationGraph net = new ComputationGraph(configuration(plan, learningRate, seed, layers));
        net.init();
        return net;
    }

    public static ComputationGraphConfiguration configuration(NetworkPlan plan, double learningRate, long seed,
                                                              LayerFactory layers) {
        Backend.init();
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                // Keeps each convolution's pre-activation from the forward pass for its backward pass,
                // which DL4J otherwise computes again (one more forward convolution per layer and step).
                .cacheMode(CacheMode.DEVICE)
                .graphBuilder()
                .addInputs(LayerNames.INPUT);
        org.deeplearning4j.nn.conf.layers.Layer[] made = new org.deeplearning4j.nn.conf.layers.Layer[plan.layers().size()];
        for (int i = 0; i < made.length; i++) {
            LayerSpec spec = plan.layers().get(i);
            if (spec instanceof LayerSpec.Conv c) {
                made[i] = layers.conv(c, i,
                        plan.batchNormFollows(i) ? Activation.IDENTITY.getActivationFunction() : Relu.INSTANCE);
                if (made[i] instanceof Conv own && Arrays.equals(inputNames(plan, i), new String[] {LayerNames.INPUT})) {
                    own.setInputGradient(false); // nothing reads the gradient of the network's input
                }
            } else if (spec instanceof LayerSpec.BatchNorm bn) {
                made[i] = layers.batchNorm(bn, i);
            } else if (spec instanceof LayerSpec.Dense d) {
                made[i] = withDropout(layers.dense(d, i), plan);
            } else if (spec instanceof LayerSpec.MaxPool p) {
                made[i] = p.nonOverlapping() ? new MaxPool(p.size(), LayerNames.of(plan, i)) : overlappingPool(p, plan, i);
            }
        }
        markChannelsLast(plan, made);
        for (int i = 0; i < made.length; i++) {
            LayerSpec spec = plan.layers().get(i);
            String name = LayerNames.of(plan, i);
            String[] in = inputNames(plan, i);
            if (made[i] != null) {
                graph.addLayer(name, made[i], in);
            }
            if (spec instanceof LayerSpec.BatchNorm bn && bn.relu()) {
                // DL4J's batch norm never applies its own activation: the ReLU is a layer of its own.
                graph.addLayer(outputName(plan, i), new ActivationLayer.Builder().activation(Relu.INSTANCE)
                        .name(outputName(plan, i)).build(), name);
            } else if (spec instanceof LayerSpec.Add) {
                // DL4J's sum vertex has no activation: the ReLU after the sum is a layer of its own.
                graph.addVertex(name + "-sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), in);
                graph.addLayer(name, new ActivationLayer.Builder().activation(Relu.INSTANCE).name(name).build(),
                        name + "-sum");
            } else if (spec instanceof LayerSpec.GlobalAvgPool) {
                graph.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).name(name).build(), in);
            }
        }
        graph.addLayer(LayerNames.OUTPUT, withDropout(layers.output(plan.numClasses(), plan.outputLayerIndex()), plan),
                inputNames(plan, plan.outputLayerIndex()));
        graph.setOutputs(LayerNames.OUTPUT);
        graph.setInputTypes(InputType.convolutional(plan.input().height(), plan.input().width(), plan.input().channels()));
        return graph.build();
    }

    /**
     * Marks the convolutions and pools whose every reader takes channels-last activations in inference
     * (see {@link ChannelsLast}): our convolutions and pools, and dense layers, whose flattening copies.
     */
    private static void markChannelsLast(NetworkPlan plan, org.deeplearning4j.nn.conf.layers.Layer[] made) {
        for (int i = 0; i < made.length; i++) {
            boolean readersTakeIt = true;
            for (int j = i + 1; j <= plan.outputLayerIndex(); j++) {
                if (plan.inputsOf(j).contains(i)) {
                    readersTakeIt &= j == plan.outputLayerIndex() || made[j] instanceof Conv || made[j] instanceof MaxPool
                            || plan.layers().get(j) instanceof LayerSpec.Dense;
                }
            }
            if (made[i] instanceof Conv conv) {
                conv.setChannelsLast(readersTakeIt);
            } else if (made[i] instanceof MaxPool pool) {
                pool.setChannelsLast(readersTakeIt);
            }
        }
    }

    /**
     * DL4J's own pool for overlapping or padded windows (ResNet's stem); {@link MaxPool} covers the
     * non-overlapping ones. DL4J's padding is zeros, which the maximum equals -infinity padding on
     * only because the pools of the registry's networks read ReLU outputs. Truncate mode gives
     * PyTorch's floor((in + 2p - k) / s) + 1, the side the plan computes.
     */
    private static SubsamplingLayer overlappingPool(LayerSpec.MaxPool p, NetworkPlan plan, int index) {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(p.size(), p.size())
                .stride(p.stride(), p.stride()).padding(p.padding(), p.padding())
                .convolutionMode(ConvolutionMode.Truncate).name(LayerNames.of(plan, index)).build();
    }

    /** DL4J drops a layer's inputs; its {@code Dropout} takes the probability of keeping one. */
    private static org.deeplearning4j.nn.conf.layers.Layer withDropout(org.deeplearning4j.nn.conf.layers.Layer layer,
                                                                       NetworkPlan plan) {
        if (plan.dropout() > 0) {
            layer.setIDropout(new org.deeplearning4j.nn.conf.dropout.Dropout(1 - plan.dropout()));
        }
        return layer;
    }

    /** The built network's layer for plan layer {@code index} (the output layer included). */
    public static org.deeplearning4j.nn.api.Layer layer(ComputationGraph net, NetworkPlan plan, int index) {
        return net.getLayer(LayerNames.of(plan, index));
    }

    private static String[] inputNames(NetworkPlan plan, int index) {
        List<Integer> in = plan.inputsOf(index);
        return in.stream().map(i -> outputName(plan, i)).toArray(String[]::new);
    }

    /** The graph vertex giving plan layer {@code index}'s output: a batch norm's ReLU follows it. */
    static String outputName(NetworkPlan plan, int index) {
        String name = LayerNames.of(plan, index);
        return index >= 0 && plan.layers().get(index) instanceof LayerSpec.BatchNorm bn && bn.relu()
                ? name + "-relu" : name;
    }
}
