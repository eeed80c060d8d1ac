package io.alps.api.kind.example;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.KindOptions;
import java.util.List;

/** The example kind's own field: rounds between restarts from theta0 (1: every round, as the dense kind). */
public record ExampleOptions(Integer restartEvery) implements KindOptions {
    public ExampleOptions {
        restartEvery = restartEvery == null ? 2 : restartEvery;
    }

    /** True when round {@code round + 1} starts again from theta0. */
    public boolean restartsAfter(int round) {
        return (round + 1) % restartEvery == 0;
    }

    @Override
    public List<String> validate(ExperimentSpec spec) {
        return restartEvery >= 1 ? List.of() : List.of("restartEvery: must be >= 1 (got " + restartEvery + ")");
    }

    @Override
    public String label() {
        return " restart-every=" + restartEvery;
    }
}
