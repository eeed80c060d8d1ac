package io.alps.service.engine;

import io.alps.ml.backend.Backend;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Initialises ND4J at start-up (its first use costs seconds, better before the first event than
 * inside it) and publishes which backend this process runs: {@code alps_backend_info{backend="CPU"}} = 1.
 */
@ApplicationScoped
public class BackendMeter {
    void onStart(@Observes StartupEvent event, MeterRegistry registry) {
        Backend.init();
        Gauge.builder("alps.backend.info", () -> 1).tag("backend", Backend.backendName())
                .description("the ND4J backend this process computes on (CPU or CUDA)").register(registry);
    }
}
