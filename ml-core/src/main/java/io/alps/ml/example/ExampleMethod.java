package io.alps.ml.example;

import io.alps.api.kind.example.ExampleKind;
import io.alps.api.kind.example.ExampleOptions;
import io.alps.api.model.NetworkPlan;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.ExperimentMethod;
import io.alps.ml.al.NetworkState;
import io.alps.ml.model.NetworkBuilder;

/** The example kind's engine: the dense network, restarted from theta0 every restartEvery rounds. */
public final class ExampleMethod implements ExperimentMethod {
    @Override
    public String kind() {
        return ExampleKind.NAME;
    }

    @Override
    public NetworkState initial(ExperimentSpec spec, NetworkPlan plan) {
        return new NetworkState(plan, NetworkBuilder.build(plan, spec.lr(), spec.seed()));
    }

    @Override
    public NetworkState next(ExperimentSpec spec, int round, NetworkState trained, NetworkState theta0) {
        return spec.options(ExampleOptions.class).restartsAfter(round) ? theta0.copy() : trained.copy();
    }
}
