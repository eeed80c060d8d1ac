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

    /**
     * An independent copy that trains on exactly as the original would: weights, updater state and
     * the step count. DL4J's graph clone resets the step count (a checkpoint keeps it), which would
     * restart Adam's bias correction, so it is carried over here.
     */
    public NetworkState copy() {
        ComputationGraph clone = network.clone();
        clone.getConfiguration().setIterationCount(network.getConfiguration().getIterationCount());
        clone.getConfiguration().setEpochCount(network.getConfiguration().getEpochCount());
        return new NetworkState(plan, clone, origins);
    }
}
