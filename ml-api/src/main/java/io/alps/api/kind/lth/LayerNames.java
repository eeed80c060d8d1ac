package io.alps.api.kind.lth;

import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;

/** The names reports use for plan layers; the same names {@link io.alps.ml.model.StandardLayers} gives them. */
public final class LayerNames {
    private LayerNames() {
    }

    public static String of(NetworkPlan plan, int index) {
        LayerSpec s = plan.layers().get(index);
        if (s instanceof LayerSpec.Conv) {
            return "conv" + index;
        }
        if (s instanceof LayerSpec.Dense) {
            return "dense" + index;
        }
        if (s instanceof LayerSpec.BatchNorm) {
            return "bn" + index;
        }
        return "pool" + index;
    }
}
