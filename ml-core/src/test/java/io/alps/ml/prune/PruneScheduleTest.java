package io.alps.ml.prune;

import io.alps.api.kind.lth.PruneSchedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.model.NetworkPlan;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PruneScheduleTest {

    @Test
    void defaultRatioReallyPrunesLeNetFiltersOverFiveRounds() {
        int[] conv0 = IntStream.rangeClosed(0, 5).map(r -> PruneSchedule.keep(6, 0.02, r)).toArray();
        int[] conv2 = IntStream.rangeClosed(0, 5).map(r -> PruneSchedule.keep(16, 0.02, r)).toArray();
        assertThat(conv0).containsExactly(6, 6, 6, 6, 6, 5);
        assertThat(conv2).containsExactly(16, 16, 15, 15, 15, 14);
    }

    @Test
    void planAtChangesOnlyConvWidthsUnlessDenseIsPruned() {
        NetworkPlan original = Fixtures.lenet();
        NetworkPlan convOnly = new PruneSchedule(0.02, false).planAt(original, 5);
        assertThat(convOnly.width(0)).isEqualTo(5);
        assertThat(convOnly.width(2)).isEqualTo(14);
        assertThat(convOnly.width(4)).isEqualTo(120);
        assertThat(convOnly.width(5)).isEqualTo(84);

        NetworkPlan withDense = new PruneSchedule(0.02, true).planAt(original, 5);
        assertThat(withDense.width(4)).isEqualTo(108);
        assertThat(withDense.width(5)).isEqualTo(76);
        assertThat(new PruneSchedule(0.02, true).layers(original)).containsExactly(0, 2, 4, 5);
    }

    @Test
    void zeroRatioKeepsEverything() {
        NetworkPlan original = Fixtures.lenet();
        assertThat(new PruneSchedule(0, true).planAt(original, 5)).isEqualTo(original);
    }

    @Test
    void ratioThatWouldRemoveEveryFilterIsReportedWithLayerAndRound() {
        assertThat(new PruneSchedule(0.5, false).validate(Fixtures.lenet(), 5))
                .singleElement().asString()
                .contains("pruneRatio", "conv0", "6 filters", "round 4");
        assertThat(new PruneSchedule(0.02, false).validate(Fixtures.lenet(), 5)).isEmpty();
    }

    @Test
    void ratioOutsideUnitIntervalIsRejected() {
        assertThatThrownBy(() -> new PruneSchedule(1.0, false)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new PruneSchedule(-0.1, false)).hasMessageContaining("[0, 1)");
    }

    @Test
    void roundToMovesCountsToTheNearestMultipleOnlyInLayersThatAreMultiples() {
        PruneSchedule aligned = new PruneSchedule(0.16, true, 16);
        // Conv-4's 64 filters: 54, 45, 38, 32 as they fall -> 48, 48, 32, 32.
        assertThat(IntStream.rangeClosed(0, 4).map(r -> aligned.keep(64, r)).toArray()).containsExactly(64, 48, 48, 32, 32);
        assertThat(IntStream.rangeClosed(0, 4).map(r -> aligned.keep(128, r)).toArray())
                .containsExactly(128, 112, 96, 80, 64);
        // Never below one block, and LeNet-5's 6 filters (no multiple of 16) keep the plain rule.
        assertThat(new PruneSchedule(0.5, false, 16).keep(64, 3)).isEqualTo(16);
        assertThat(IntStream.rangeClosed(0, 4).map(r -> aligned.keep(6, r)).toArray())
                .containsExactly(IntStream.rangeClosed(0, 4).map(r -> PruneSchedule.keep(6, 0.16, r)).toArray());
        assertThat(aligned.describe()).contains("nearest multiple of 16");
        assertThat(new PruneSchedule(0.16, true).describe()).doesNotContain("multiple");
        assertThatThrownBy(() -> new PruneSchedule(0.1, false, 0)).hasMessageContaining("at least 1");
    }
}
