package io.alps.ml.popup;

import io.alps.api.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a network is made edge-popup: one kept fraction {@code k} for every layer unless
 * {@code layerK} names a layer (by its name: conv0, dense4, output, ...), and the init of the
 * frozen weights.
 */
public record PopupSettings(double k, Map<String, Double> layerK, PopupInit init) {
    public PopupSettings {
        layerK = Map.copyOf(layerK);
        if (!(k > 0 && k <= 1)) {
            throw new IllegalArgumentException("k: must be in (0, 1] (got " + k + ")");
        }
        layerK.forEach((name, value) -> {
            if (!(value > 0 && value <= 1)) {
                throw new IllegalArgumentException("k of layer " + name + ": must be in (0, 1] (got " + value + ")");
            }
        });
    }

    /** One global k, Kaiming-normal weights: the reference setting. */
    public static PopupSettings of(double k) {
        return new PopupSettings(k, Map.of(), PopupInit.KAIMING_NORMAL);
    }

    public double k(String layerName) {
        return layerK.getOrDefault(layerName, k);
    }

    /**
     * Problems with these settings for a plan: per-layer k naming no layer, or a k so small that a
     * layer keeps no weight. Found before any network is built or trained.
     */
    public List<String> problems(NetworkPlan plan) {
        List<String> errors = new ArrayList<>();
        Map<String, Long> weights = plan.weightCounts();
        for (String name : new TreeMap<>(layerK).keySet()) {
            if (!weights.containsKey(name)) {
                errors.add("k of layer " + name + ": no such layer (layers: " + String.join(", ", weights.keySet()) + ")");
            }
        }
        weights.forEach((name, n) -> {
            try {
                Mask.keptCount(n, k(name));
            } catch (IllegalArgumentException e) {
                errors.add("k: " + e.getMessage() + " (layer " + name + ")");
            }
        });
        return errors;
    }
}
