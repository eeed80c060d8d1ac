package io.alps.ml.al;

import io.alps.api.kind.lth.LthKind;

import io.alps.api.kind.popup.EdgePopupKind;

import io.alps.api.kind.DenseKind;

import io.alps.api.spec.ExperimentSpec;

import io.alps.ml.prune.LthMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of experiment kinds; adding one is one class and one line here. */
public final class ExperimentMethods {
    private static final Map<String, Supplier<ExperimentMethod>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put(DenseKind.NAME, DenseMethod::new);
        REGISTRY.put(EdgePopupKind.NAME, io.alps.ml.popup.EdgePopupMethod::new);
        REGISTRY.put(LthKind.NAME, LthMethod::new);
    }

    private ExperimentMethods() {
    }

    public static ExperimentMethod get(String kind) {
        Supplier<ExperimentMethod> m = REGISTRY.get(kind);
        if (m == null) {
            throw new IllegalArgumentException("unknown experiment kind '" + kind + "': expected one of "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return m.get();
    }
}
