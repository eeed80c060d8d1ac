package io.alps.reporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-experiment series only when configured; the aggregates the public /q/metrics shows always. */
class RoundMetricsTest {
    private static List<Meter> feed(boolean perExperiment) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RoundMetrics metrics = new RoundMetrics(registry, () -> perExperiment);
        metrics.trained("exp-1", "lth", 0, 100, 0.75, 0.9, 1000, 5000, "trainer-1", List.of(new double[] {2.0, 100}));
        metrics.selected("exp-1", "lth", 0, 1.5, 900);
        metrics.kindMetrics("exp-1", "lth", 0, Map.of("kept", Map.of("conv1", 12)));
        return registry.getMeters();
    }

    @Test
    void byDefaultNoMeterNamesAnExperimentButTheAggregatesAreThere() {
        List<Meter> meters = feed(false);
        assertThat(meters).extracting(m -> m.getId().getName())
                .contains("alps.rounds.completed", "alps.trainer.epoch.seconds", "alps.trainer.images.per.second");
        assertThat(meters).allSatisfy(m -> assertThat(m.getId().getTag("experiment")).as(m.getId().getName()).isNull());
    }

    @Test
    void switchedOnEachExperimentHasItsSeries() {
        List<Meter> meters = feed(true);
        assertThat(meters).filteredOn(m -> "exp-1".equals(m.getId().getTag("experiment")))
                .extracting(m -> m.getId().getName())
                .contains("alps.round.test.accuracy", "alps.experiment.test.accuracy", "alps.pool.size", "alps.filters.kept");
    }
}
