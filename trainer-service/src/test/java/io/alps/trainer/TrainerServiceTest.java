package io.alps.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.events.Topics;
import io.alps.events.v1.ExperimentFailed;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.RoundReady;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.infra.TinyFashionMnist;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.result.RoundResult;
import io.alps.ml.al.RoundSteps;
import io.alps.ml.data.DatasetLoader;
import io.alps.service.experiment.DatasetCache;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class TrainerServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static Path data;

    @Inject
    ExperimentStore store;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeAll
    static void writeData() throws Exception {
        data = TinyFashionMnist.write(Files.createTempDirectory("alps-trainer-data"), 300, 100, 11);
    }

    private ExperimentSpec spec(int epochs) {
        return spec(60, 2, epochs);
    }

    private ExperimentSpec spec(int initial, int rounds, int epochs) {
        return ExperimentSpec.defaults("dense").with(java.util.Map.of("dataset", "fashion-mnist", "data", data.toString(),
                "seed", 7, "initial", initial, "budget", 40, "rounds", rounds, "epochs", epochs, "batch", 32));
    }

    /** Stores what the selector would have stored for round 0 and returns the matching event. */
    private RoundReady prepareRound0(String id, ExperimentSpec spec, RoundSteps steps) {
        store.putSpec(id, spec);
        store.putLabels(StorageKeys.labels(id, 0), steps.initialLabels());
        store.putNetwork(StorageKeys.startModel(id, 0), steps.initialNetwork());
        return RoundReady.newBuilder().setEventId(id + "/round-ready/r0").setExperimentId(id).setRound(0)
                .setLabelsKey(StorageKeys.labels(id, 0)).setModelKey(StorageKeys.startModel(id, 0)).build();
    }

    private static RoundSteps steps(ExperimentSpec spec) {
        return new RoundSteps(spec, new DatasetLoader().load(DatasetCache.request(spec)));
    }

    private double counter(String name, String id) {
        var c = meters.find(name).tag("experiment", id).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void trainsTheRoundExactlyAsMlCoreDoesAndStoresTheCheckpoint() throws Exception {
        String id = "train-" + UUID.randomUUID();
        ExperimentSpec spec = spec(1);
        RoundSteps steps = steps(spec);
        RoundResult expected = steps.train(0, steps.initialNetwork(), steps.initialLabels(), null);
        RoundReady ready = prepareRound0(id, spec, steps);

        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.ROUND_READY, id, ready.toByteArray());
            List<ConsumerRecord<String, byte[]>> out = log.await(Topics.MODEL_TRAINED, id, WAIT, r -> !r.isEmpty());
            assertThat(out).hasSize(1);
            ModelTrained trained = ModelTrained.parseFrom(out.get(0).value());
            assertThat(trained.getEventId()).isEqualTo(id + "/model-trained/r0");
            assertThat(trained.getLabeled()).isEqualTo(60);
            assertThat(trained.getTestAccuracy()).isEqualTo(expected.testAccuracy());
            assertThat(trained.getTestLoss()).isEqualTo(expected.testLoss());
            assertThat(trained.getEpochs(0).getTrainLoss()).isEqualTo(expected.trainLoss());
            assertThat(trained.getParameters()).isEqualTo(expected.parameters());
            assertThat(trained.getTrainedBy()).startsWith("trainer-service@");
            assertThat(store.objects().exists(trained.getCheckpointKey())).isTrue();
            assertThat(store.network(trained.getCheckpointKey()).network().params())
                    .isNotEqualTo(steps.initialNetwork().network().params());
        }
    }

    @Test
    void aRedeliveredEventResendsTheResultWithoutTrainingAgain() throws Exception {
        String id = "dup-" + UUID.randomUUID();
        ExperimentSpec spec = spec(1);
        RoundReady ready = prepareRound0(id, spec, steps(spec));
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.ROUND_READY, id, ready.toByteArray());
            log.await(Topics.MODEL_TRAINED, id, WAIT, r -> !r.isEmpty());
            log.send(Topics.ROUND_READY, id, ready.toByteArray());
            List<ConsumerRecord<String, byte[]>> out = log.await(Topics.MODEL_TRAINED, id, WAIT, r -> r.size() >= 2);
            assertThat(out).hasSize(2);
            ModelTrained first = ModelTrained.parseFrom(out.get(0).value());
            ModelTrained second = ModelTrained.parseFrom(out.get(1).value());
            assertThat(second).isEqualTo(first);
            assertThat(counter("alps.step.done", id)).isEqualTo(1.0);
            assertThat(counter("alps.step.skipped", id)).isEqualTo(1.0);
        }
    }

    @Test
    void aBadEventFailsTheExperimentGoesToTheDeadLetterTopicAndTheTrainerCarriesOn() throws Exception {
        String garbage = "garbage-" + UUID.randomUUID();
        String corrupt = "corrupt-" + UUID.randomUUID();
        String good = "after-" + UUID.randomUUID();
        ExperimentSpec spec = spec(1);
        RoundSteps steps = steps(spec);
        RoundReady corruptReady = prepareRound0(corrupt, spec, steps);
        store.objects().put(StorageKeys.startModel(corrupt, 0), "not a checkpoint".getBytes());
        RoundReady goodReady = prepareRound0(good, spec, steps);

        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.ROUND_READY, garbage, new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
            log.send(Topics.ROUND_READY, corrupt, corruptReady.toByteArray());
            log.send(Topics.ROUND_READY, good, goodReady.toByteArray());

            ExperimentFailed corruptFailure = ExperimentFailed.parseFrom(
                    log.await(Topics.EXPERIMENT_FAILED, corrupt, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(corruptFailure.getService()).isEqualTo("trainer-service");
            assertThat(corruptFailure.getReason()).contains(StorageKeys.startModel(corrupt, 0))
                    .contains("is not a network state");
            assertThat(log.await(Topics.DEAD_LETTER, corrupt, WAIT, r -> !r.isEmpty())).hasSize(1);
            // A record that is no event at all cannot name a step's failure; it goes to the
            // dead-letter topic with the decoding error in its headers.
            var undecodable = log.await(Topics.DEAD_LETTER, garbage, WAIT, r -> !r.isEmpty());
            assertThat(undecodable).hasSize(1);
            assertThat(new String(undecodable.get(0).headers().lastHeader("dead-letter-reason").value()))
                    .contains("RoundReady");
            assertThat(log.await(Topics.MODEL_TRAINED, good, WAIT, r -> !r.isEmpty())).hasSize(1);
        }
    }

    @Test
    void aRoundLongerThanThePollIntervalIsTrainedOnceWithoutLosingTheConsumer() throws Exception {
        String id = "long-" + UUID.randomUUID();
        ExperimentSpec spec = spec(250, 1, 40);
        RoundReady ready = prepareRound0(id, spec, steps(spec));
        String next = "next-" + UUID.randomUUID();
        ExperimentSpec quick = spec(1);
        RoundReady nextReady = prepareRound0(next, quick, steps(quick));
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.ROUND_READY, id, ready.toByteArray());
            log.send(Topics.ROUND_READY, next, nextReady.toByteArray());
            ModelTrained trained = ModelTrained.parseFrom(
                    log.await(Topics.MODEL_TRAINED, id, WAIT, r -> !r.isEmpty()).get(0).value());
            // The test configuration allows 1 s between polls; this round must take longer.
            assertThat(trained.getTrainSeconds()).isGreaterThan(maxPollIntervalSeconds());
            assertThat(log.await(Topics.MODEL_TRAINED, next, WAIT, r -> !r.isEmpty())).hasSize(1);
            // Evicted from the group, the trainer would have been handed the record again.
            assertThat(log.collect(Topics.MODEL_TRAINED, id, Duration.ofSeconds(3))).hasSize(1);
            assertThat(counter("alps.step.done", id)).isEqualTo(1.0);
            assertThat(counter("alps.step.skipped", id)).isEqualTo(0.0);
        }
    }

    @ConfigProperty(name = "mp.messaging.incoming.round-ready.max.poll.interval.ms")
    long maxPollIntervalMs;

    private double maxPollIntervalSeconds() {
        return maxPollIntervalMs / 1000.0;
    }
}
