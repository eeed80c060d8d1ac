package io.alps.ml.al;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.ml.backend.Backend;
import io.alps.api.model.ImageShape;
import io.alps.api.model.Architectures;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import org.junit.jupiter.api.Test;

class NetworkStateCodecTest {
    @Test
    void aStoredStateComesBackWithItsPlanOriginsWeightsAndUpdater() {
        Backend.init();
        NetworkPlan full = Architectures.get("lenet5").plan(new ImageShape(1, 32, 32), 10);
        NetworkPlan pruned = full.withWidth(0, 4);
        NetworkState state = new NetworkState(pruned, NetworkBuilder.build(pruned, 0.001, 3),
                UnitOrigins.identity().with(0, new int[] {0, 2, 3, 5}));

        NetworkState back = NetworkStateCodec.fromBytes(NetworkStateCodec.toBytes(state), "test blob");

        assertThat(back.plan()).isEqualTo(pruned);
        assertThat(back.origins()).isEqualTo(state.origins());
        assertThat(back.network().params()).isEqualTo(state.network().params());
        assertThat(back.network().getConfiguration().toJson())
                .isEqualTo(state.network().getConfiguration().toJson());
    }

    @Test
    void somethingElseIsRefusedNamingWhereItCameFrom() {
        assertThatThrownBy(() -> NetworkStateCodec.fromBytes(new byte[] {1, 2, 3}, "experiments/x/round-0/start.state"))
                .isInstanceOf(Checkpoints.CheckpointException.class)
                .hasMessageContaining("experiments/x/round-0/start.state");
    }
}
