package io.alps.ml.al;

import io.alps.ml.model.NetworkPlan;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A network together with the plan it was built from (pruning changes the plan between rounds). */
public record NetworkState(NetworkPlan plan, MultiLayerNetwork network) {
    public NetworkState copy() {
        return new NetworkState(plan, network.clone());
    }
}
