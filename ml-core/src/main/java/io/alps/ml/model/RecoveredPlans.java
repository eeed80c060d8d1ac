package io.alps.ml.model;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.LayerNames;
import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The plan of a network {@link NetworkBuilder} built, read back from the network alone, for
 * checkpoints stored without their plan (edge-popup's {@code final_subnet.zip} and comparison
 * networks): the builder names every graph vertex after its plan layer ({@link LayerNames}), so
 * the names give the layers' kinds and order, the vertices' inputs the wiring and the layer
 * configurations the widths. The architecture is the registered one whose plan has the same layers
 * and wiring, else "unknown".
 */
public final class RecoveredPlans {
    private static final Pattern PLAN_LAYER = Pattern.compile("(conv|bn|pool|dense|add|gap)(\\d+)");
    private static final String RELU = "-relu";
    private static final String SUM = "-sum";
    private static final int MAX_SIDE = 4096;

    private RecoveredPlans() {
    }

    /** @throws IllegalArgumentException when the network is not one ALPS's builder makes */
    public static NetworkPlan of(ComputationGraph network) {
        return of(network.getConfiguration());
    }

    /** @throws IllegalArgumentException when the configuration is not one ALPS's builder makes */
    public static NetworkPlan of(ComputationGraphConfiguration conf) {
        Map<String, GraphVertex> vertices = conf.getVertices();
        List<String> names = new ArrayList<>();
        for (String name : vertices.keySet()) {
            Matcher m = PLAN_LAYER.matcher(name);
            if (m.matches()) {
                int index = Integer.parseInt(m.group(2));
                while (names.size() <= index) {
                    names.add(null);
                }
                names.set(index, name);
            }
        }
        if (names.isEmpty() || names.contains(null) || !(vertices.get(LayerNames.OUTPUT) instanceof LayerVertex out)) {
            throw new IllegalArgumentException("not a network built by ALPS: its layers are not named conv0, bn1, ..., output");
        }
        List<LayerSpec> layers = new ArrayList<>();
        List<List<Integer>> inputs = new ArrayList<>();
        for (String name : names) {
            String prefix = PLAN_LAYER.matcher(name).replaceFirst("$1");
            Layer layer = vertices.get(name) instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
            layers.add(switch (prefix) {
                case "conv" -> {
                    ConvolutionLayer c = (ConvolutionLayer) layer;
                    yield new LayerSpec.Conv((int) c.getNOut(), c.getKernelSize()[0], c.getPadding()[0], !c.hasBias(),
                            c.getStride()[0]);
                }
                case "bn" -> new LayerSpec.BatchNorm(vertices.containsKey(name + RELU));
                case "pool" -> new LayerSpec.MaxPool(((SubsamplingLayer) layer).getKernelSize()[0]);
                case "dense" -> new LayerSpec.Dense((int) ((FeedForwardLayer) layer).getNOut());
                case "add" -> new LayerSpec.Add();
                default -> new LayerSpec.GlobalAvgPool();
            });
            List<String> from = conf.getVertexInputs().get(prefix.equals("add") ? name + SUM : name);
            inputs.add(from.stream().map(RecoveredPlans::indexOf).toList());
        }
        int classes = (int) ((FeedForwardLayer) out.getLayerConf().getLayer()).getNOut();
        ImageShape input = imageShape(vertices, names, layers, inputs, classes);
        NetworkPlan plan = new NetworkPlan("unknown", input, layers, inputs, classes);
        return new NetworkPlan(architectureOf(plan), input, layers, inputs, classes);
    }

    /**
     * The image size the network was built for. DL4J keeps it only where a dense layer flattens an
     * image-shaped input (the size there): the smallest image side giving that size is the one
     * (the pools round down, so a side or two more would give it too, and computes the same).
     */
    private static ImageShape imageShape(Map<String, GraphVertex> vertices, List<String> names, List<LayerSpec> layers,
                                         List<List<Integer>> inputs, int classes) {
        int first = inputs.indexOf(List.of(NetworkPlan.INPUT));
        if (first < 0 || !(layers.get(first) instanceof LayerSpec.Conv)) {
            throw new IllegalArgumentException("not a network built by ALPS: no convolution reads the image");
        }
        long channels = ((FeedForwardLayer) ((LayerVertex) vertices.get(names.get(first))).getLayerConf().getLayer()).getNIn();
        List<String> readers = new ArrayList<>(names);
        readers.add(LayerNames.OUTPUT);
        for (int i = 0; i < readers.size(); i++) {
            if (vertices.get(readers.get(i)) instanceof LayerVertex lv
                    && lv.getPreProcessor() instanceof CnnToFeedForwardPreProcessor flatten) {
                int from = i < layers.size() ? inputs.get(i).get(0) : layers.size() - 1;
                int height = smallestSide(layers, inputs, classes, (int) channels, from, true, flatten.getInputHeight());
                int width = smallestSide(layers, inputs, classes, (int) channels, from, false, flatten.getInputWidth());
                return new ImageShape((int) channels, height, width);
            }
        }
        throw new IllegalArgumentException("the network does not record the image size it was built for "
                + "(no dense layer reads an image-shaped input)");
    }

    private static int smallestSide(List<LayerSpec> layers, List<List<Integer>> inputs, int classes, int channels,
                                    int flattened, boolean height, long size) {
        for (int side = 1; side <= MAX_SIDE; side++) {
            ImageShape at;
            try {
                at = new NetworkPlan("unknown", new ImageShape(channels, side, side), layers, inputs, classes).shapes()
                        .get(flattened);
            } catch (IllegalArgumentException tooSmall) {
                continue;
            }
            if ((height ? at.height() : at.width()) == size) {
                return side;
            }
        }
        throw new IllegalArgumentException("no image up to " + MAX_SIDE + " pixels a side gives the " + size
                + " pixels the network's dense layer reads");
    }

    private static int indexOf(String vertex) {
        if (LayerNames.INPUT.equals(vertex)) {
            return NetworkPlan.INPUT;
        }
        Matcher m = PLAN_LAYER.matcher(vertex.endsWith(RELU) ? vertex.substring(0, vertex.length() - RELU.length()) : vertex);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a network built by ALPS: a layer reads '" + vertex + "'");
        }
        return Integer.parseInt(m.group(2));
    }

    /** The registered architecture with the same layer kinds and wiring (widths may differ: pruning), else "unknown". */
    private static String architectureOf(NetworkPlan plan) {
        for (String name : Architectures.names().split(", ")) {
            NetworkPlan registered;
            try {
                registered = Architectures.get(name).plan(plan.input(), plan.numClasses());
            } catch (IllegalArgumentException tooSmall) {
                continue;
            }
            if (registered.inputs().equals(plan.inputs()) && sameKinds(registered.layers(), plan.layers())) {
                return name;
            }
        }
        return "unknown";
    }

    private static boolean sameKinds(List<LayerSpec> a, List<LayerSpec> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameKind(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Equal up to the widths (and a convolution's bias, which edge-popup layers never have). */
    private static boolean sameKind(LayerSpec x, LayerSpec y) {
        if (x instanceof LayerSpec.Conv cx && y instanceof LayerSpec.Conv cy) {
            return cx.kernel() == cy.kernel() && cx.stride() == cy.stride() && cx.padding() == cy.padding();
        }
        return x instanceof LayerSpec.Dense ? y instanceof LayerSpec.Dense : x.equals(y);
    }
}
