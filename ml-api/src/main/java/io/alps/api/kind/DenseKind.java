package io.alps.api.kind;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.KindOptions;
import java.util.Set;

/** Active learning with the dense network, retrained from theta0 each round ({@code keepTraining} continues instead). */
public final class DenseKind implements Kind {
    public static final String NAME = ExperimentSpec.DEFAULT_KIND;

    /** The dense kind's own field. */
    public record Options(Boolean keepTraining) implements KindOptions {
        public Options {
            keepTraining = keepTraining != null && keepTraining;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "active learning with the dense network";
    }

    @Override
    public Class<? extends KindOptions> optionsType() {
        return Options.class;
    }

    @Override
    public Set<String> firstVersionFields() {
        return Set.of("keepTraining");
    }
}
