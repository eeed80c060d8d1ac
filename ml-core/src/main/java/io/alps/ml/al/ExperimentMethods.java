package io.alps.ml.al;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registry of experiment engines by kind: the providers of
 * {@code META-INF/services/io.alps.ml.al.ExperimentMethod}. Adding a kind's engine is its class (in
 * the kind's own package) and one line there, so this package never names a kind's package.
 */
public final class ExperimentMethods {
    private static final Map<String, ServiceLoader.Provider<ExperimentMethod>> REGISTRY = new LinkedHashMap<>();

    static {
        ServiceLoader.load(ExperimentMethod.class, ExperimentMethod.class.getClassLoader()).stream()
                .forEach(p -> REGISTRY.put(p.get().kind(), p));
    }

    private ExperimentMethods() {
    }

    /** A fresh engine for one experiment of {@code kind} (an engine may keep state for its experiment). */
    public static ExperimentMethod get(String kind) {
        ServiceLoader.Provider<ExperimentMethod> m = REGISTRY.get(kind);
        if (m == null) {
            throw new IllegalArgumentException("unknown experiment kind '" + kind + "': expected one of "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return m.get();
    }
}
