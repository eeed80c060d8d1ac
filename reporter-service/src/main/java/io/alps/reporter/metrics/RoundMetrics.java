package io.alps.reporter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboards' per-experiment meters, fed from the events the reporter folds anyway.
 *
 * <p>Tag cardinality stays bounded: {@code round} is bounded by the spec's rounds, {@code layer}
 * by the architecture, {@code trainer} by the trainer instances, and {@code experiment} by keeping
 * meters for the {@value #KEPT_EXPERIMENTS} most recently active experiments only (older ones are
 * removed from the registry; their results stay in object storage and the REST API). The
 * per-experiment series exist only when {@link MetricsConfig#perExperiment()} is on; the trainer
 * and kind aggregates always do.
 */
@ApplicationScoped
public class RoundMetrics {
    static final int KEPT_EXPERIMENTS = 20;

    private final MeterRegistry registry;
    private final boolean perExperiment;
    private final Map<Meter.Id, AtomicLong> values = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, List<Meter.Id>> byExperiment = new LinkedHashMap<>(16, 0.75f, true);

    public RoundMetrics(MeterRegistry registry, MetricsConfig config) {
        this.registry = registry;
        this.perExperiment = config.perExperiment();
    }

    /** A trained round: accuracy, loss, size, labels, and the trainer's speed and epoch times. */
    public void trained(String experiment, String kind, int round, long labeled, double accuracy, double loss,
                        long parameters, long macs, String trainer, List<double[]> epochSecondsAndImages) {
        Tags tags = Tags.of("experiment", experiment, "kind", kind, "round", Integer.toString(round));
        set(experiment, "alps.round.test.accuracy", tags, accuracy, "test accuracy after the round's training");
        set(experiment, "alps.round.test.loss", tags, loss, "test cross-entropy after the round's training");
        set(experiment, "alps.round.labeled", tags, labeled, "labeled samples the round trained on");
        set(experiment, "alps.model.params", tags, parameters, "parameters of the round's network");
        set(experiment, "alps.model.flops", tags, 2.0 * macs, "FLOPs per image (2 x multiply-adds) of the round's network");
        Tags now = Tags.of("experiment", experiment, "kind", kind);
        set(experiment, "alps.experiment.labeled", now, labeled, "labeled samples of the experiment's latest round");
        set(experiment, "alps.experiment.round", now, round, "the experiment's latest trained round");
        set(experiment, "alps.experiment.test.accuracy", now, accuracy, "test accuracy of the latest round");
        Tags byTrainer = Tags.of("trainer", trainer);
        DistributionSummary epochs = DistributionSummary.builder("alps.trainer.epoch.seconds").tags(byTrainer)
                .description("seconds per training epoch, per trainer instance").register(registry);
        double seconds = 0;
        double images = 0;
        for (double[] e : epochSecondsAndImages) {
            epochs.record(e[0]);
            seconds += e[0];
            images += e[1];
        }
        if (seconds > 0) {
            setShared("alps.trainer.images.per.second", byTrainer, images / seconds,
                    "training images per second of the trainer's latest round");
        }
        Counter.builder("alps.rounds.completed").tag("kind", kind).description("rounds trained, by experiment kind")
                .register(registry).increment();
    }

    /** A selection: how long scoring the pool took and how many samples it scored. */
    public void selected(String experiment, String kind, int round, double seconds, long poolSize) {
        Tags tags = Tags.of("experiment", experiment, "kind", kind);
        set(experiment, "alps.pool.scoring.seconds", tags, seconds, "seconds the latest pool scoring took");
        set(experiment, "alps.pool.size", tags, poolSize, "unlabeled samples scored in the latest selection");
    }

    /** Kind-specific numbers of a completed round: filters kept (lth), score statistics (edge-popup). */
    public void kindMetrics(String experiment, String kind, int round, Map<String, Object> extras) {
        if (extras.get("kept") instanceof Map<?, ?> kept) {
            kept.forEach((layer, n) -> {
                if (n instanceof Number count) {
                    set(experiment, "alps.filters.kept", Tags.of("experiment", experiment, "kind", kind, "layer",
                            layer.toString()), count.doubleValue(), "units a pruned layer keeps");
                }
            });
        }
        if (extras.get("scoreStats") instanceof Map<?, ?> layers) {
            layers.forEach((layer, stats) -> {
                if (stats instanceof Map<?, ?> s) {
                    Tags t = Tags.of("experiment", experiment, "kind", kind, "layer", layer.toString());
                    number(s.get("keptFraction")).ifPresent(v -> set(experiment, "alps.popup.kept.fraction", t, v,
                            "fraction of the layer's weights the popup mask keeps"));
                    number(s.get("mean")).ifPresent(v -> set(experiment, "alps.popup.score.mean", t, v,
                            "mean popup score of the layer"));
                    number(s.get("std")).ifPresent(v -> set(experiment, "alps.popup.score.std", t, v,
                            "standard deviation of the layer's popup scores"));
                }
            });
        }
    }

    private static java.util.Optional<Double> number(Object o) {
        return o instanceof Number n ? java.util.Optional.of(n.doubleValue()) : java.util.Optional.empty();
    }

    private synchronized void set(String experiment, String name, Tags tags, double value, String description) {
        if (!perExperiment) {
            return;
        }
        List<Meter.Id> ids = byExperiment.computeIfAbsent(experiment, e -> new ArrayList<>());
        Meter.Id id = setShared(name, tags, value, description);
        if (!ids.contains(id)) {
            ids.add(id);
        }
        while (byExperiment.size() > KEPT_EXPERIMENTS) {
            String oldest = byExperiment.keySet().iterator().next();
            for (Meter.Id old : byExperiment.remove(oldest)) {
                registry.remove(old);
                values.remove(old);
            }
        }
    }

    private Meter.Id setShared(String name, Tags tags, double value, String description) {
        AtomicLong holder = new AtomicLong();
        Gauge gauge = Gauge.builder(name, holder, h -> Double.longBitsToDouble(h.get())).tags(tags)
                .description(description).strongReference(true).register(registry);
        // A gauge registered before keeps its first holder: Micrometer returns that gauge.
        values.computeIfAbsent(gauge.getId(), id -> holder).set(Double.doubleToLongBits(value));
        return gauge.getId();
    }
}
