package io.alps.reporter.metrics;

import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.board.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Experiments by status, for dashboards ({@code alps_experiments{status=...}}). */
@ApplicationScoped
public class ExperimentMeters {
    void register(@Observes StartupEvent event, MeterRegistry registry, ExperimentBoard board) {
        for (Status status : Status.values()) {
            Gauge.builder("alps.experiments", board, b -> b.countByStatus().get(status))
                    .tag("status", status.name()).description("experiments the reporter knows, by status")
                    .register(registry);
        }
    }
}
