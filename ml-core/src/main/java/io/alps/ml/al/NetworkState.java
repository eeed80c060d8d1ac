package io.alps.ml.al;

import io.alps.api.model.NetworkPlan;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A network together with the plan it was built from (pruning changes the plan between rounds)
 * and, for a pruned network, which units of the original network each layer kept.
 */
public record NetworkState(NetworkPlan plan, ComputationGraph network, UnitOrigins origins) {
    public NetworkState {
        origins = origins == null ? UnitOrigins.identity() : origins;
    }

    /** An unpruned network. */
    public NetworkState(NetworkPlan plan, ComputationGraph network) {
        this(plan, network, UnitOrigins.identity());
    }

    public NetworkState copy() {
        return new NetworkState(plan, network.clone(), origins);
    }
}
