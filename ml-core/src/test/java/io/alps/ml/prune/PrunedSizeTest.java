package io.alps.ml.prune;

import io.alps.api.kind.lth.PruneSchedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.ml.model.ModelStats;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import org.junit.jupiter.api.Test;

/** FLOPs (as MACs) and parameters counted from the built networks against counts done by hand. */
class PrunedSizeTest {

    @Test
    void fullLeNet5MatchesTheHandCount() {
        NetworkPlan plan = Fixtures.lenet();
        ModelStats stats = ModelStats.of(NetworkBuilder.build(plan, 1e-3, 1), plan);
        // conv 6@5x5 on 3 channels: 6*3*25 + 6; conv 16@5x5 on 6: 16*6*25 + 16; dense 400->120, 120->84, 84->10.
        assertThat(stats.parameters()).isEqualTo(456 + 2_416 + 48_120 + 10_164 + 850).isEqualTo(62_006);
        // 28*28 outputs x 6 filters x 75; 10*10 x 16 x 150; then the dense products.
        assertThat(stats.macs()).isEqualTo(352_800 + 240_000 + 48_000 + 10_080 + 840).isEqualTo(651_720);
        assertThat(stats.flops()).isEqualTo(2 * 651_720);
    }

    @Test
    void prunedLeNet5OfRoundFiveMatchesTheHandCount() {
        NetworkPlan plan = new PruneSchedule(0.02, false).planAt(Fixtures.lenet(), 5);
        ModelStats stats = ModelStats.of(NetworkBuilder.build(plan, 1e-3, 1), plan);
        // 5 and 14 filters: conv 5*3*25 + 5; conv 14*5*25 + 14; dense 14*5*5 = 350 -> 120.
        assertThat(stats.parameters()).isEqualTo(380 + 1_764 + 42_120 + 10_164 + 850);
        assertThat(stats.macs()).isEqualTo(28 * 28 * 5 * 75 + 10 * 10 * 14 * 125 + 350 * 120 + 10_080 + 840);
    }
}
