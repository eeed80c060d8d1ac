package io.alps.api.kind;

import io.alps.api.sweep.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every sweep control by name: the generic ones here and those the kinds bring. */
public final class Controls {
    public static final String RANDOM_SAMPLING = "random-sampling";
    public static final String DENSE = "dense";

    private Controls() {
    }

    private static final Control RANDOM = new Control(RANDOM_SAMPLING,
            "strategy random beside the chosen strategies (active learning)",
            c -> "random".equals(c.strategy()) ? null : c.withStrategy("random"));

    private static final Control DENSE_NETWORK = new Control(DENSE,
            "the dense network with the same schedule, strategies and seeds (subnetwork methods)",
            c -> DenseKind.NAME.equals(c.kind()) || c.mask() != null ? null
                    : new Config(DenseKind.NAME, c.strategy(), null, null, null, null));

    public static Map<String, Control> all() {
        Map<String, Control> all = new LinkedHashMap<>();
        all.put(RANDOM.name(), RANDOM);
        for (Kind k : Kinds.all()) {
            k.controls().forEach(c -> all.put(c.name(), c));
        }
        all.put(DENSE_NETWORK.name(), DENSE_NETWORK);
        return all;
    }

    public static Control get(String name) {
        Control c = all().get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown control '" + name + "'");
        }
        return c;
    }
}
