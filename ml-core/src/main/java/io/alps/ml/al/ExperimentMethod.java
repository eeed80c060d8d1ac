package io.alps.ml.al;

import io.alps.ml.model.NetworkPlan;

/**
 * What distinguishes the experiment kinds: how the round-0 network is built and what network the
 * next round starts from. Registered by kind in {@link ExperimentMethods}.
 */
public interface ExperimentMethod {
    String kind();

    /** The untrained round-0 network; its weights are theta0, kept for rewinding. */
    NetworkState initial(ExperimentSpec spec, NetworkPlan plan);

    /** The network round {@code round + 1} starts from, after round {@code round} trained {@code trained}. */
    NetworkState next(ExperimentSpec spec, int round, NetworkState trained, NetworkState theta0);
}
