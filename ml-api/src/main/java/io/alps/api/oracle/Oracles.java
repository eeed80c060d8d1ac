package io.alps.api.oracle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of oracles; adding one is one class and one line here. */
public final class Oracles {
    private static final Map<String, Supplier<Oracle>> REGISTRY = new LinkedHashMap<>();

    static {
        register(DatasetOracle.NAME, DatasetOracle::new);
        register(FileOracle.NAME, FileOracle::new);
        register(HumanOracle.NAME, HumanOracle::new);
    }

    private Oracles() {
    }

    private static void register(String name, Supplier<Oracle> factory) {
        REGISTRY.put(name, factory);
    }

    public static Oracle get(String name) {
        Supplier<Oracle> o = REGISTRY.get(name);
        if (o == null) {
            throw new IllegalArgumentException("unknown oracle '" + name + "': expected one of " + names());
        }
        return o.get();
    }

    public static boolean exists(String name) {
        return REGISTRY.containsKey(name);
    }

    public static String names() {
        return String.join(", ", REGISTRY.keySet());
    }
}
