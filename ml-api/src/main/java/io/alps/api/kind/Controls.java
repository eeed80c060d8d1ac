package io.alps.api.kind;

import io.alps.api.query.RandomSampling;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every sweep control by name: the generic ones here and those the kinds bring. */
public final class Controls {
    public static final String RANDOM_SAMPLING = "random-sampling";
    public static final String DENSE = "dense";

    private static final Control RANDOM = Control.strategy(RANDOM_SAMPLING,
            "strategy " + RandomSampling.NAME + " beside the chosen strategies (active learning)", RandomSampling.NAME);

    private static final Control DENSE_NETWORK = Control.kind(DENSE,
            "the dense network with the same schedule, strategies and seeds (subnetwork methods)", DenseKind.NAME);

    private Controls() {
    }

    public static Map<String, Control> all() {
        Map<String, Control> all = new LinkedHashMap<>();
        all.put(RANDOM.name(), RANDOM);
        for (Kind k : Kinds.all()) {
            k.controls().forEach(c -> all.put(c.name(), c));
        }
        all.put(DENSE_NETWORK.name(), DENSE_NETWORK);
        return all;
    }

    public static List<String> names() {
        return List.copyOf(all().keySet());
    }

    public static Control get(String name) {
        Control c = all().get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown control '" + name + "', expected one of " + String.join(", ", names()));
        }
        return c;
    }
}
