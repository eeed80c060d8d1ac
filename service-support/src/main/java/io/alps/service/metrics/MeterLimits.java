package io.alps.service.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Bounds the tag cardinality of the per-step meters: they carry the experiment id, which grows
 * without end on a long-running service, so past {@value #MAX_EXPERIMENTS} distinct experiments
 * new step meters are dropped (the steps still run and still report through events).
 */
@Singleton
public class MeterLimits {
    static final int MAX_EXPERIMENTS = 200;

    @Produces
    @Singleton
    MeterFilter boundStepMetersByExperiment() {
        return MeterFilter.maximumAllowableTags("alps.step", "experiment", MAX_EXPERIMENTS, MeterFilter.deny());
    }
}
