package io.alps.reporter.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What {@code /q/metrics} shows. {@code /q/metrics} answers without a token (Prometheus scrapes
 * it), so by default it carries only aggregate meters (experiments by status, rounds by kind,
 * trainer speed); a deployment whose metrics port only its own Prometheus reaches turns on the
 * per-experiment series the dashboards' experiment panels draw
 * ({@code ALPS_METRICS_PER_EXPERIMENT=true}).
 */
@ConfigMapping(prefix = "alps.metrics")
public interface MetricsConfig {
    /** Series tagged with an experiment id: each experiment's accuracy, loss, size, pool and pruning numbers. */
    @WithDefault("false")
    boolean perExperiment();
}
