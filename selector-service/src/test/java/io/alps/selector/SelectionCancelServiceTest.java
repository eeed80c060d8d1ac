package io.alps.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alps.api.spec.ExperimentSpec;
import io.alps.events.Topics;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.RoundKeys;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.infra.TinyFashionMnist;
import io.alps.ml.al.RoundSteps;
import io.alps.ml.data.DatasetLoader;
import io.alps.service.engine.NetworkStore;
import io.alps.service.experiment.Cancellations;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A cancel made while a selection runs frees the selector within seconds, and nothing is selected. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class SelectionCancelServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    ExperimentStore store;

    @Inject
    NetworkStore networks;

    @Inject
    Cancellations cancellations;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aCancelStopsBaldsMonteCarloPassesWithinSeconds() throws Exception {
        var data = TinyFashionMnist.write(Files.createTempDirectory("alps-selector-cancel"), 600, 100, 17);
        String id = "selcancel-" + UUID.randomUUID();
        // 200,000 passes over each chunk: hours of work unless the cancel reaches the passes.
        ExperimentSpec spec = ExperimentSpec.defaults("dense").with(Map.of("dataset", "fashion-mnist", "data",
                data.toString(), "seed", 3, "initial", 60, "budget", 40, "rounds", 2, "epochs", 1, "batch", 32))
                .with(Map.of("strategy", "bald", "dropout", 0.5, "mcSamples", 200_000));
        RoundSteps steps = new RoundSteps(spec, new DatasetLoader().load(io.alps.ml.data.DataRequest.of(spec)));
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_REQUESTED, id, ExperimentRequested.newBuilder().setEventId(id + "/requested")
                    .setExperimentId(id).setSpecJson(spec.toJson()).setSpecKey(store.putSpec(id, spec)).build()
                    .toByteArray());
            ExperimentStarted ready = ExperimentStarted.parseFrom(
                    log.await(Topics.EXPERIMENT_STARTED, id, WAIT, r -> !r.isEmpty()).get(0).value());
            networks.put(StorageKeys.trainedModel(id, 0), steps.initialNetwork());
            log.send(Topics.MODEL_TRAINED, id, ModelTrained.newBuilder().setEventId(id + "/model-trained/r0")
                    .setExperimentId(id).setRound(0).setLabelsKey(ready.getLabelsKey())
                    .setKeys(RoundKeys.newBuilder().setSpecKey(ready.getSpecKey())
                            .setCheckpointKey(StorageKeys.trainedModel(id, 0))).build().toByteArray());

            await("the selection's passes start").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(MonteCarloPasses::running);
            long cancelledAt = System.nanoTime();
            cancellations.mark(id, System.currentTimeMillis());
            await("the selection stops").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> cancelledSteps(id) >= 1);
            double seconds = (System.nanoTime() - cancelledAt) / 1e9;
            System.out.printf("selector: cancel to idle in %.2f s (bald, 200,000 passes)%n", seconds);
            assertThat(seconds).as("seconds from the cancel to the selector giving the step up").isLessThan(5.0);
            assertThat(MonteCarloPasses.running()).as("no pass runs after the step was given up").isFalse();
            assertThat(log.collect(Topics.SAMPLES_SELECTED, id, Duration.ofSeconds(2))).as("a cancelled selection selects nothing").isEmpty();
        }
    }

    private double cancelledSteps(String id) {
        var c = meters.find("alps.step.cancelled").tag("experiment", id).counter();
        return c == null ? 0 : c.count();
    }
}
