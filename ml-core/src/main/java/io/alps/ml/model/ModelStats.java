package io.alps.ml.model;

import io.alps.api.model.NetworkPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Parameters and multiply-accumulates of a built network, counted from its layers and the shapes
 * DL4J infers, never from constants, so a pruned or different architecture is counted right.
 * Conventions: a MAC is one multiply-add of a conv or dense layer (bias adds, batch norm,
 * activations, pooling and residual sums are not counted); FLOPs = 2 x MACs. Parameters are the
 * trainable equivalent: a batch norm's scale and shift count, its running statistics do not.
 */
public record ModelStats(long parameters, long macs, List<LayerStats> layers) {

    public record LayerStats(String name, String type, String outputShape, long parameters, long macs) {
    }

    public long flops() {
        return 2 * macs;
    }

    public static ModelStats of(ComputationGraph net, InputType input) {
        Map<String, InputType> outputs = net.getConfiguration().getLayerActivationTypes(input);
        List<LayerStats> layers = new ArrayList<>();
        long params = 0;
        long macs = 0;
        for (org.deeplearning4j.nn.api.Layer running : net.getLayers()) {
            Layer layer = running.conf().getLayer();
            InputType out = outputs.get(layer.getLayerName());
            long p = running.numParams();
            if (layer instanceof BatchNormalization bn) {
                // DL4J stores the running mean and variance as parameters; they are statistics, not weights.
                p -= 2 * bn.getNOut();
            }
            long m = 0;
            if (layer instanceof ConvolutionLayer conv) {
                int[] k = conv.getKernelSize();
                InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
                m = o.getHeight() * o.getWidth() * o.getChannels() * k[0] * k[1] * conv.getNIn();
            } else if (layer instanceof FeedForwardLayer ff && !(layer instanceof BatchNormalization)) {
                m = ff.getNIn() * ff.getNOut();
            }
            layers.add(new LayerStats(layer.getLayerName(), layer.getClass().getSimpleName(), describe(out), p, m));
            params += p;
            macs += m;
        }
        return new ModelStats(params, macs, List.copyOf(layers));
    }

    public static ModelStats of(ComputationGraph net, NetworkPlan plan) {
        ModelStats stats = of(net, InputType.convolutional(plan.input().height(), plan.input().width(),
                plan.input().channels()));
        // A residual sum is DL4J's sum vertex and a ReLU layer; the table shows it as one layer, as Keras does.
        java.util.Set<String> sums = new java.util.HashSet<>();
        for (int i = 0; i < plan.layers().size(); i++) {
            if (plan.layers().get(i) instanceof io.alps.api.model.LayerSpec.Add) {
                sums.add(io.alps.api.model.LayerNames.of(plan, i));
            }
        }
        List<LayerStats> layers = stats.layers().stream().map(l -> sums.contains(l.name())
                ? new LayerStats(l.name(), "Add+ReLU", l.outputShape(), l.parameters(), l.macs()) : l).toList();
        return new ModelStats(stats.parameters(), stats.macs(), layers);
    }

    /** The layers as Keras' summary shows them (name, type, output shape, parameters, MACs), then the totals. */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format("%-10s %-22s %-14s %12s %14s%n",
                "layer", "type", "output", "params", "MACs"));
        for (LayerStats l : layers) {
            sb.append(String.format("%-10s %-22s %-14s %,12d %,14d%n", l.name(), l.type(), l.outputShape(), l.parameters(), l.macs()));
        }
        sb.append(String.format("total: %,d parameters, %,d MACs per image%n", parameters, macs));
        return sb.toString();
    }

    private static String describe(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getChannels() + "x" + c.getHeight() + "x" + c.getWidth();
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return String.valueOf(f.getSize());
        }
        return String.valueOf(t);
    }
}
