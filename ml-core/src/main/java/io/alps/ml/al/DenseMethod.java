package io.alps.ml.al;

import io.alps.api.kind.DenseKind;

import io.alps.api.spec.ExperimentSpec;

import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;

/**
 * The dense baseline: every round retrains the full network from theta0 (so rounds differ only
 * in their labels), or, with {@code keepTraining}, continues from the previous round's weights.
 */
public final class DenseMethod implements ExperimentMethod {
    @Override
    public String kind() {
        return DenseKind.NAME;
    }

    @Override
    public NetworkState initial(ExperimentSpec spec, NetworkPlan plan) {
        return new NetworkState(plan, NetworkBuilder.build(plan, spec.lr(), spec.seed()));
    }

    @Override
    public NetworkState next(ExperimentSpec spec, int round, NetworkState trained, NetworkState theta0) {
        return spec.options(DenseKind.Options.class).keepTraining() ? trained.copy() : theta0.copy();
    }
}
