package io.alps.ml.al;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.ml.backend.Backend;
import io.alps.api.model.ImageShape;
import io.alps.api.model.Architectures;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.data.ImagePreparation;
import io.alps.ml.data.Normalisation;
import java.util.List;
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
    void aFinalModelKeepsHowItsImagesWerePreparedAndAnOlderBlobHasNoneAndStillLoads() {
        Backend.init();
        NetworkPlan plan = Architectures.get("conv2").plan(new ImageShape(3, 40, 40), 2);
        NetworkState state = new NetworkState(plan, NetworkBuilder.build(plan, 0.001, 3));
        ImagePreparation images = new ImagePreparation(plan.input(),
                new Normalisation(new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f}), List.of("cat", "dog"));

        byte[] blob = NetworkStateCodec.toBytes(state, images);
        ImagePreparation back = NetworkStateCodec.imagePreparation(blob, "final_model.zip").orElseThrow();

        assertThat(back.shape()).isEqualTo(plan.input());
        assertThat(back.normalisation().mean()).containsExactly(0.4f, 0.5f, 0.6f);
        assertThat(back.normalisation().std()).containsExactly(0.2f, 0.25f, 0.3f);
        assertThat(back.classNames()).containsExactly("cat", "dog");
        assertThat(NetworkStateCodec.fromBytes(blob, "final_model.zip").network().params())
                .isEqualTo(state.network().params());
        byte[] older = NetworkStateCodec.toBytes(state);
        assertThat(NetworkStateCodec.imagePreparation(older, "old.zip")).isEmpty();
        assertThat(NetworkStateCodec.fromBytes(older, "old.zip").plan()).isEqualTo(plan);
    }

    @Test
    void somethingElseIsRefusedNamingWhereItCameFrom() {
        assertThatThrownBy(() -> NetworkStateCodec.fromBytes(new byte[] {1, 2, 3}, "experiments/x/round-0/start.state"))
                .isInstanceOf(Checkpoints.CheckpointException.class)
                .hasMessageContaining("experiments/x/round-0/start.state");
    }
}
