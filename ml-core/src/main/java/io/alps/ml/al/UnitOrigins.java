package io.alps.ml.al;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * For each layer of a (possibly pruned) network, the index in the ORIGINAL full-size network of
 * every unit (conv filter, dense unit) it still has, in order. Pruning can cut any unit, so after
 * several rounds this is the only way to find a kept unit's slice of theta0. A missing or null
 * entry means the layer is unpruned (identity). Serialises to JSON as a list of index lists, so a
 * service can store it beside a checkpoint.
 */
public final class UnitOrigins {
    private static final UnitOrigins IDENTITY = new UnitOrigins(List.of());

    private final List<int[]> layers;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public UnitOrigins(List<int[]> layers) {
        List<int[]> copy = new ArrayList<>(layers.size());
        for (int[] units : layers) {
            if (units != null) {
                for (int i = 1; i < units.length; i++) {
                    if (units[i] <= units[i - 1]) {
                        throw new IllegalArgumentException("unit origins must be strictly increasing, got "
                                + Arrays.toString(units));
                    }
                }
            }
            copy.add(units == null ? null : units.clone());
        }
        this.layers = copy;
    }

    /** No layer pruned. */
    public static UnitOrigins identity() {
        return IDENTITY;
    }

    /** The original indices of layer {@code layer}'s units; {@code width} is its current width. */
    public int[] of(int layer, int width) {
        int[] units = layer < layers.size() ? layers.get(layer) : null;
        if (units == null) {
            int[] all = new int[width];
            Arrays.setAll(all, i -> i);
            return all;
        }
        if (units.length != width) {
            throw new IllegalStateException("layer " + layer + " has " + width + " units but " + units.length
                    + " recorded origins");
        }
        return units.clone();
    }

    /** Whether layer {@code layer} lost units (false means every original unit is still there). */
    public boolean isPruned(int layer) {
        return layer < layers.size() && layers.get(layer) != null;
    }

    /** A copy with layer {@code layer}'s origins replaced. */
    public UnitOrigins with(int layer, int[] units) {
        List<int[]> copy = new ArrayList<>(layers);
        while (copy.size() <= layer) {
            copy.add(null);
        }
        copy.set(layer, units);
        return new UnitOrigins(copy);
    }

    @JsonValue
    public List<int[]> layers() {
        List<int[]> out = new ArrayList<>(layers.size());
        layers.forEach(u -> out.add(u == null ? null : u.clone()));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UnitOrigins other)) {
            return false;
        }
        int n = Math.max(layers.size(), other.layers.size());
        for (int i = 0; i < n; i++) {
            int[] a = i < layers.size() ? layers.get(i) : null;
            int[] b = i < other.layers.size() ? other.layers.get(i) : null;
            if (!Arrays.equals(a, b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        int last = layers.size();
        while (last > 0 && layers.get(last - 1) == null) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            h = 31 * h + Arrays.hashCode(layers.get(i));
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < layers.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(layers.get(i) == null ? "all" : Arrays.toString(layers.get(i)));
        }
        return sb.append(']').toString();
    }
}
