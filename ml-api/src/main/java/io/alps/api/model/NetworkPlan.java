package io.alps.api.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a network independent of how its layers are realised (dense, edge-popup) or how
 * wide they currently are (structured pruning rewrites the widths). Layers are in an order in which
 * every layer comes after its inputs; {@code inputs.get(i)} names the layers feeding layer i
 * ({@link #INPUT} for the image). Without {@code inputs} the plan is a chain (each layer reads the
 * one before it). The output layer reads the last hidden layer; its index is {@link #outputLayerIndex()}.
 */
public record NetworkPlan(String architecture, ImageShape input, List<LayerSpec> layers, List<List<Integer>> inputs,
                          int numClasses, double dropout) {
    /** The index that stands for the network's input. */
    public static final int INPUT = -1;

    public NetworkPlan {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        layers = List.copyOf(layers);
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        List<List<Integer>> wired = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            List<Integer> in = inputs == null ? List.of(i - 1) : List.copyOf(inputs.get(i));
            int expected = layers.get(i) instanceof LayerSpec.Add ? 2 : 1;
            if (layers.get(i) instanceof LayerSpec.Add ? in.size() < expected : in.size() != expected) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i) + ") needs "
                        + (expected == 2 ? "at least 2 inputs" : "1 input") + ", got " + in);
            }
            for (int from : in) {
                if (from < INPUT || from >= i) {
                    throw new IllegalArgumentException("layer " + i + " reads layer " + from
                            + ": inputs must come earlier in the plan");
                }
            }
            wired.add(in);
        }
        if (inputs != null && inputs.size() != layers.size()) {
            throw new IllegalArgumentException(inputs.size() + " input lists for " + layers.size() + " layers");
        }
        inputs = List.copyOf(wired);
    }

    /** Without dropout. */
    public NetworkPlan(String architecture, ImageShape input, List<LayerSpec> layers, List<List<Integer>> inputs,
                       int numClasses) {
        this(architecture, input, layers, inputs, numClasses, 0);
    }

    /** A chain: each layer reads the one before it. */
    public NetworkPlan(String architecture, ImageShape input, List<LayerSpec> layers, int numClasses) {
        this(architecture, input, layers, null, numClasses, 0);
    }

    /**
     * A copy whose dense and output layers drop each input with probability {@code p} while
     * training (and in the Monte-Carlo passes of {@code bald}); 0 for none.
     */
    public NetworkPlan withDropout(double p) {
        return new NetworkPlan(architecture, input, layers, inputs, numClasses, p);
    }

    /** Index of the output layer in the built network. */
    public int outputLayerIndex() {
        return layers.size();
    }

    /** The layers feeding layer {@code index} (the output layer included). */
    public List<Integer> inputsOf(int index) {
        return index == layers.size() ? List.of(layers.size() - 1) : inputs.get(index);
    }

    /** The indices of layers with learnable width (conv filters, dense units). */
    public List<Integer> weightedLayers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Conv || layers.get(i) instanceof LayerSpec.Dense) {
                out.add(i);
            }
        }
        return out;
    }

    /** True when a batch norm reads layer {@code index} (so its ReLU comes after that). */
    public boolean batchNormFollows(int index) {
        for (int j = index + 1; j < layers.size(); j++) {
            if (layers.get(j) instanceof LayerSpec.BatchNorm && inputs.get(j).equals(List.of(index))) {
                return true;
            }
        }
        return false;
    }

    /** A copy with layer {@code index} (a conv or dense layer) set to {@code width} filters or units. */
    public NetworkPlan withWidth(int index, int width) {
        List<LayerSpec> copy = new ArrayList<>(layers);
        LayerSpec old = copy.get(index);
        if (old instanceof LayerSpec.Conv c) {
            copy.set(index, c.withFilters(width));
        } else if (old instanceof LayerSpec.Dense) {
            copy.set(index, new LayerSpec.Dense(width));
        } else {
            throw new IllegalArgumentException("layer " + index + " has no width: " + old);
        }
        return new NetworkPlan(architecture, input, copy, inputs, numClasses, dropout);
    }

    /** Channels (or units) of layer {@code index}'s output; layers without weights pass their input's on. */
    public int width(int index) {
        if (index == INPUT) {
            return input.channels();
        }
        LayerSpec s = layers.get(index);
        if (s instanceof LayerSpec.Conv c) {
            return c.filters();
        }
        if (s instanceof LayerSpec.Dense d) {
            return d.units();
        }
        return width(inputs.get(index).get(0));
    }

    /**
     * The output shape of every hidden layer: channels x height x width, a flat output (dense, global
     * pool) as n x 1 x 1, which is also how a dense layer after a convolution sees its inputs.
     *
     * @throws IllegalArgumentException when the image is too small for the layers or a residual sum's inputs differ
     */
    public List<ImageShape> shapes() {
        List<ImageShape> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            ImageShape in = shapeOf(out, inputs.get(i).get(0));
            LayerSpec s = layers.get(i);
            ImageShape shape;
            if (s instanceof LayerSpec.Conv c) {
                shape = shape(i, c.filters(), c.outputSide(in.height()), c.outputSide(in.width()));
            } else if (s instanceof LayerSpec.MaxPool p) {
                shape = shape(i, in.channels(), p.outputSide(in.height()), p.outputSide(in.width()));
            } else if (s instanceof LayerSpec.Dense d) {
                shape = new ImageShape(d.units(), 1, 1);
            } else if (s instanceof LayerSpec.GlobalAvgPool) {
                shape = new ImageShape(in.channels(), 1, 1);
            } else {
                for (int from : inputs.get(i)) {
                    if (!shapeOf(out, from).equals(in)) {
                        throw new IllegalArgumentException(LayerNames.of(this, i) + " adds " + in + " to "
                                + shapeOf(out, from) + " (from " + LayerNames.of(this, from) + "): shapes must agree");
                    }
                }
                shape = in;
            }
            out.add(shape);
        }
        return out;
    }

    /** Weights of every conv and dense layer and of the output layer, by layer name, in network order. */
    public Map<String, Long> weightCounts() {
        List<ImageShape> shapes = shapes();
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i <= layers.size(); i++) {
            long in = shapeOf(shapes, inputsOf(i).get(0)).pixels();
            LayerSpec s = i < layers.size() ? layers.get(i) : null;
            if (s instanceof LayerSpec.Conv c) {
                out.put(LayerNames.of(this, i), shapeOf(shapes, inputs.get(i).get(0)).channels() * (long) c.filters()
                        * c.kernel() * c.kernel());
            } else if (s instanceof LayerSpec.Dense d) {
                out.put(LayerNames.of(this, i), in * d.units());
            } else if (s == null) {
                out.put(LayerNames.OUTPUT, in * numClasses);
            }
        }
        return out;
    }

    /**
     * The conv and dense layers whose output channels must be cut together, each group in plan
     * order, the groups ordered by their first layer: layers whose outputs meet in a residual sum (directly or through batch norms, pools and
     * earlier sums) share their channels, so removing channel c from one means removing it from all.
     * In a chain every weighted layer is its own group. A group tied to the image's own channels
     * (a sum that reads the input) contains {@link #INPUT}.
     */
    public List<List<Integer>> channelGroups() {
        int[] parent = new int[layers.size() + 1];
        Arrays.setAll(parent, i -> i);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Add) {
                int first = source(inputs.get(i).get(0));
                for (int from : inputs.get(i)) {
                    union(parent, first + 1, source(from) + 1);
                }
            }
        }
        Map<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i : weightedLayers()) {
            groups.computeIfAbsent(find(parent, i + 1), r -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : groups.entrySet()) {
            List<Integer> g = e.getValue();
            if (find(parent, 0) == e.getKey()) {
                g.add(0, INPUT);
            }
            out.add(List.copyOf(g));
        }
        return out;
    }

    /** The conv or dense layer (or the input) that decides layer {@code index}'s channels; a sum's first input decides it. */
    private int source(int index) {
        while (index != INPUT && !(layers.get(index) instanceof LayerSpec.Conv || layers.get(index) instanceof LayerSpec.Dense)) {
            index = inputs.get(index).get(0);
        }
        return index;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    private ImageShape shapeOf(List<ImageShape> shapes, int index) {
        return index == INPUT ? input : shapes.get(index);
    }

    private ImageShape shape(int index, int channels, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(architecture + ": layer " + LayerNames.of(this, index) + " would have an empty "
                    + height + "x" + width + " output for input " + input);
        }
        return new ImageShape(channels, height, width);
    }
}
