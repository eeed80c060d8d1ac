package io.alps.api.model;

/**
 * The name of each plan layer, used for the built network's layers, reports, files and per-layer
 * settings: conv0, bn1, pool2, dense4, add9, gap20, ..., and {@link #OUTPUT} for the output layer.
 */
public final class LayerNames {
    public static final String OUTPUT = "output";
    /** The network's input, for the layers that read the image. */
    public static final String INPUT = "input";

    private LayerNames() {
    }

    public static String of(NetworkPlan plan, int index) {
        if (index == NetworkPlan.INPUT) {
            return INPUT;
        }
        if (index == plan.outputLayerIndex()) {
            return OUTPUT;
        }
        LayerSpec s = plan.layers().get(index);
        String prefix;
        if (s instanceof LayerSpec.Conv) {
            prefix = "conv";
        } else if (s instanceof LayerSpec.Dense) {
            prefix = "dense";
        } else if (s instanceof LayerSpec.BatchNorm) {
            prefix = "bn";
        } else if (s instanceof LayerSpec.Add) {
            prefix = "add";
        } else if (s instanceof LayerSpec.GlobalAvgPool) {
            prefix = "gap";
        } else {
            prefix = "pool";
        }
        return prefix + index;
    }
}
