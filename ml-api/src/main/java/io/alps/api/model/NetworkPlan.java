package io.alps.api.model;

import io.alps.api.model.ImageShape;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a network independent of how its layers are realised (dense, edge-popup) or how
 * wide they currently are (structured pruning rewrites the widths). Layer index i of the plan is
 * layer i of the built DL4J network; the output layer follows the last hidden layer.
 */
public record NetworkPlan(String architecture, ImageShape input, List<LayerSpec> layers, int numClasses) {
    public NetworkPlan {
        layers = List.copyOf(layers);
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
    }

    /** Index of the output layer in the built network. */
    public int outputLayerIndex() {
        return layers.size();
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

    /** True when layer {@code index} is followed by a batch norm (so its ReLU comes after that). */
    public boolean batchNormFollows(int index) {
        return index + 1 < layers.size() && layers.get(index + 1) instanceof LayerSpec.BatchNorm;
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
        return new NetworkPlan(architecture, input, copy, numClasses);
    }

    public int width(int index) {
        LayerSpec s = layers.get(index);
        if (s instanceof LayerSpec.BatchNorm && index > 0) {
            return width(index - 1);
        }
        if (s instanceof LayerSpec.Conv c) {
            return c.filters();
        }
        if (s instanceof LayerSpec.Dense d) {
            return d.units();
        }
        throw new IllegalArgumentException("layer " + index + " has no width: " + s);
    }
}
