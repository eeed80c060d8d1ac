package io.alps.api.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of query strategies; adding one is one class and one line here. */
public final class QueryStrategies {
    private static final Map<String, Supplier<QueryStrategy>> REGISTRY = new LinkedHashMap<>();

    static {
        register(LeastConfidence.NAME, LeastConfidence::new);
        register(EntropySampling.NAME, EntropySampling::new);
        register(MarginSampling.NAME, MarginSampling::new);
        register(RandomSampling.NAME, RandomSampling::new);
        register(Bald.NAME, Bald::new);
        register(Badge.NAME, Badge::new);
        register(CoreSet.NAME, CoreSet::new);
    }

    private QueryStrategies() {
    }

    private static void register(String name, Supplier<QueryStrategy> factory) {
        REGISTRY.put(name, factory);
    }

    public static QueryStrategy get(String name) {
        Supplier<QueryStrategy> s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown strategy '" + name + "': expected one of " + names());
        }
        return s.get();
    }

    public static boolean exists(String name) {
        return REGISTRY.containsKey(name);
    }

    public static String names() {
        return String.join(", ", REGISTRY.keySet());
    }
}
