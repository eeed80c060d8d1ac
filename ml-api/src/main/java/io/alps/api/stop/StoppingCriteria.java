package io.alps.api.stop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of stopping criteria; adding one is one class and one line here. */
public final class StoppingCriteria {
    /** {@code stopWhen} default: every criterion is reported, none ends the experiment. */
    public static final String NONE = io.alps.api.spec.ExperimentSpec.NO_STOPPING;

    private static final Map<String, StoppingCriterion> REGISTRY = new LinkedHashMap<>();

    static {
        register(new StabilisingPredictions());
        register(new MaxUncertainty());
        register(new LabelBudget());
    }

    private StoppingCriteria() {
    }

    private static void register(StoppingCriterion criterion) {
        REGISTRY.put(criterion.name(), criterion);
    }

    public static StoppingCriterion get(String name) {
        StoppingCriterion c = REGISTRY.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown stopping criterion '" + name + "': expected " + NONE
                    + " or one of " + names());
        }
        return c;
    }

    public static boolean exists(String name) {
        return REGISTRY.containsKey(name);
    }

    public static List<StoppingCriterion> all() {
        return List.copyOf(REGISTRY.values());
    }

    public static String names() {
        return String.join(", ", REGISTRY.keySet());
    }
}
