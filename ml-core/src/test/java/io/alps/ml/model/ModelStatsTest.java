package io.alps.ml.model;

import io.alps.api.model.Architectures;
import io.alps.api.model.NetworkPlan;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.ImageShape;
import org.junit.jupiter.api.Test;

class ModelStatsTest {
    @Test
    void leNet5OnCifarMatchesTheHandCount() {
        NetworkPlan plan = Architectures.get("lenet5").plan(new ImageShape(3, 32, 32), 10);
        ModelStats stats = ModelStats.of(NetworkBuilder.build(plan, 1e-3, 1), plan);

        // conv1 6*(3*25)+6, conv2 16*(6*25)+16, fc 400*120+120, 120*84+84, 84*10+10
        assertThat(stats.parameters()).isEqualTo(456 + 2416 + 48120 + 10164 + 850).isEqualTo(62006);
        // conv1 28*28*6*75, conv2 10*10*16*150, then the dense layers' weight counts
        assertThat(stats.macs()).isEqualTo(352800 + 240000 + 48000 + 10080 + 840);
        assertThat(stats.layers().get(2).outputShape()).isEqualTo("16x10x10");
        assertThat(stats.summary()).contains("62,006");
    }

    @Test
    void countsFollowTheInputShapeAndWidths() {
        NetworkPlan plan = Architectures.get("lenet5").plan(new ImageShape(1, 32, 32), 10).withWidth(2, 8);
        ModelStats stats = ModelStats.of(NetworkBuilder.build(plan, 1e-3, 1), plan);

        long expected = (6 * 25 + 6) + (8 * 6 * 25 + 8) + (8 * 25 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);
        assertThat(stats.parameters()).isEqualTo(expected);
        assertThat(stats.macs()).isEqualTo(28 * 28 * 6 * 25 + 10 * 10 * 8 * 150 + 200 * 120 + 120 * 84 + 840);
    }

    @Test
    void sameSeedSameWeights() {
        NetworkPlan plan = Architectures.get("lenet5").plan(new ImageShape(3, 32, 32), 10);
        assertThat(NetworkBuilder.build(plan, 1e-3, 7).params()).isEqualTo(NetworkBuilder.build(plan, 1e-3, 7).params());
        assertThat(NetworkBuilder.build(plan, 1e-3, 8).params()).isNotEqualTo(NetworkBuilder.build(plan, 1e-3, 7).params());
    }
}
