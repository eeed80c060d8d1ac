package io.alps.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.kind.lth.PruneSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPlanTest {
    private static final ImageShape CIFAR = new ImageShape(3, 32, 32);

    @Test
    void resnet18TiesEachStagesBlockOutputsAndProjectionIntoOneChannelGroup() {
        NetworkPlan plan = Architectures.get("resnet18").plan(CIFAR, 10);
        List<List<Integer>> groups = plan.channelGroups();
        // 20 convolutions: 8 first-of-block convolutions on their own, 4 stage groups.
        assertThat(plan.weightedLayers()).hasSize(20);
        assertThat(groups).hasSize(12);
        List<List<Integer>> tied = groups.stream().filter(g -> g.size() > 1).toList();
        assertThat(tied).hasSize(4);
        // Stage 1: the stem and both blocks' second convolutions (identity shortcuts); stages 2-4: two
        // second convolutions and the projection.
        assertThat(tied.get(0)).hasSize(3).first().isEqualTo(0);
        for (List<Integer> stage : tied) {
            assertThat(stage.stream().map(plan::width).distinct()).hasSize(1);
        }
        assertThat(tied.stream().map(g -> plan.width(g.get(0)))).containsExactly(64, 128, 256, 512);
        assertThat(tied.subList(1, 4)).allSatisfy(g -> assertThat(g).hasSize(3)
                .anySatisfy(i -> assertThat(((LayerSpec.Conv) plan.layers().get(i)).kernel()).isEqualTo(1)));
        assertThat(plan.shapes().get(plan.layers().size() - 1)).isEqualTo(new ImageShape(512, 1, 1));
    }

    @Test
    void aChainHasOneGroupPerWeightedLayer() {
        NetworkPlan plan = Architectures.get("vgg11").plan(CIFAR, 10);
        assertThat(plan.channelGroups()).hasSize(plan.weightedLayers().size()).allSatisfy(g -> assertThat(g).hasSize(1));
        assertThat(plan.batchNormFollows(0)).isTrue();
        assertThat(plan.width(1)).isEqualTo(64);
    }

    @Test
    void aSumThatReadsTheImageCannotBePruned() {
        NetworkPlan plan = new NetworkPlan("tiny", CIFAR, List.of(new LayerSpec.Conv(3, 3, 1, false),
                new LayerSpec.Add(), new LayerSpec.Dense(8)),
                List.of(List.of(NetworkPlan.INPUT), List.of(0, NetworkPlan.INPUT), List.of(1)), 10);
        assertThat(plan.channelGroups().get(0)).containsExactly(NetworkPlan.INPUT, 0);
        assertThat(new PruneSchedule(0.1, false).validate(plan, 2)).singleElement().asString()
                .contains("conv0").contains("cannot be cut");
    }

    @Test
    void wiringMistakesAreRefused() {
        assertThatThrownBy(() -> new NetworkPlan("bad", CIFAR, List.of(new LayerSpec.Conv(3, 3), new LayerSpec.Add()),
                List.of(List.of(NetworkPlan.INPUT), List.of(0)), 10)).hasMessageContaining("at least 2 inputs");
        assertThatThrownBy(() -> new NetworkPlan("bad", CIFAR, List.of(new LayerSpec.Conv(3, 3)),
                List.of(List.of(0)), 10)).hasMessageContaining("inputs must come earlier");
        NetworkPlan mismatch = new NetworkPlan("bad", CIFAR, List.of(new LayerSpec.Conv(4, 3, 1, false),
                new LayerSpec.Conv(8, 3, 1, false), new LayerSpec.Add()),
                List.of(List.of(NetworkPlan.INPUT), List.of(0), List.of(0, 1)), 10);
        assertThatThrownBy(mismatch::shapes).hasMessageContaining("add2 adds 4x32x32 to 8x32x32");
    }

    @Test
    void poolsFollowPyTorchsOutputRuleAndOldStoredPoolsStayNonOverlapping() throws Exception {
        assertThat(new LayerSpec.MaxPool(2).outputSide(33)).isEqualTo(16);
        assertThat(new LayerSpec.MaxPool(2).outputSide(1)).isZero();
        assertThat(new LayerSpec.MaxPool(3, 2, 1).outputSide(112)).isEqualTo(56);
        assertThat(new LayerSpec.MaxPool(3, 2, 1).outputSide(7)).isEqualTo(4);
        assertThat(new LayerSpec.MaxPool(3, 2, 1).nonOverlapping()).isFalse();
        assertThat(new LayerSpec.MaxPool(2).nonOverlapping()).isTrue();
        // Plans stored (network states) before pools had a stride wrote only the size.
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue("{\"size\":2}", LayerSpec.MaxPool.class))
                .isEqualTo(new LayerSpec.MaxPool(2));
        assertThatThrownBy(() -> new LayerSpec.MaxPool(3, 2, 2)).hasMessageContaining("padding");
    }

    @Test
    void theSameLayersAtAnyDivisibleSideOnlyWidenTheFirstDenseLayer() {
        NetworkPlan small = Architectures.get("conv4").plan(CIFAR, 10);
        NetworkPlan large = Architectures.get("conv4").plan(new ImageShape(3, 64, 64), 10);
        assertThat(large.layers()).isEqualTo(small.layers());
        assertThat(large.weightCounts().get("dense6")).isEqualTo(4 * small.weightCounts().get("dense6"));
        assertThat(Architectures.get("vgg11").plan(new ImageShape(3, 64, 64), 10).weightCounts())
                .isEqualTo(Architectures.get("vgg11").plan(CIFAR, 10).weightCounts());
    }
}
