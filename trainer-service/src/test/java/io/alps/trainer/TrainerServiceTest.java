package io.alps.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alps.events.Topics;
import io.alps.events.v1.FinalTrained;
import io.alps.events.v1.StepFailed;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.TrainRequested;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.result.RoundResult;
import io.alps.ml.al.RoundSteps;
import io.alps.ml.data.DatasetLoader;
import io.alps.service.engine.testing.MlServiceTestBase;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
class TrainerServiceTest extends MlServiceTestBase {
    private static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = tinyData("alps-trainer-data", 300, 100, 11);
    }

    private ExperimentSpec spec(int epochs) {
        return spec(60, 2, epochs);
    }

    private ExperimentSpec spec(int initial, int rounds, int epochs) {
        return dense(data, java.util.Map.of("seed", 7, "initial", initial, "budget", 40, "rounds", rounds, "epochs", epochs));
    }

    /** Stores what the selector would have stored for round 0 and returns the matching event. */
    private TrainRequested prepareRound0(String id, ExperimentSpec spec, RoundSteps steps) {
        String specKey = store.putSpec(id, spec);
        store.putLabels(StorageKeys.labels(id, 0), steps.initialLabels());
        networks.put(StorageKeys.theta0(id), steps.initialNetwork());
        return TrainRequested.newBuilder().setEventId(id + "/train-requested/r0").setExperimentId(id).setRound(0)
                .setSpecKey(specKey).setLabelsKey(StorageKeys.labels(id, 0)).setModelKey(StorageKeys.theta0(id))
                .setTheta0Key(StorageKeys.theta0(id)).build();
    }

    private static RoundSteps steps(ExperimentSpec spec) {
        return new RoundSteps(spec, new DatasetLoader().load(io.alps.ml.data.DataRequest.of(spec)));
    }

    @Test
    void trainsTheRoundExactlyAsMlCoreDoesAndStoresTheCheckpoint() throws Exception {
        String id = "train-" + UUID.randomUUID();
        ExperimentSpec spec = spec(1);
        RoundSteps steps = steps(spec);
        RoundResult expected = steps.train(0, steps.initialNetwork(), steps.initialLabels(), null);
        TrainRequested ready = prepareRound0(id, spec, steps);

        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.TRAIN_REQUESTED, id, ready.toByteArray());
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
            // The request's keys travel on for the steps after training.
            assertThat(trained.getKeys().getSpecKey()).isEqualTo(ready.getSpecKey());
            assertThat(trained.getKeys().getTheta0Key()).isEqualTo(StorageKeys.theta0(id));
            assertThat(store.result(trained.getKeys().getTrainResultKey()).testAccuracy()).isEqualTo(expected.testAccuracy());
            assertThat(store.objects().exists(trained.getKeys().getCheckpointKey())).isTrue();
            assertThat(networks.get(trained.getKeys().getCheckpointKey()).network().params())
                    .isNotEqualTo(steps.initialNetwork().network().params());
            // Every label used so far, as one process writes it (the API serves it as labels.csv).
            String labels = new String(store.objects().get(StorageKeys.artifact(id, "labels.csv")),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(labels.lines()).hasSize(1 + 60).first().isEqualTo("id,label,file,round");
            assertThat(labels.lines().skip(1)).allMatch(l -> l.endsWith(",0"));
        }
    }

    @Test
    void aRedeliveredEventResendsTheResultWithoutTrainingAgain() throws Exception {
        String id = "dup-" + UUID.randomUUID();
        ExperimentSpec spec = spec(1);
        TrainRequested ready = prepareRound0(id, spec, steps(spec));
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.TRAIN_REQUESTED, id, ready.toByteArray());
            log.await(Topics.MODEL_TRAINED, id, WAIT, r -> !r.isEmpty());
            log.send(Topics.TRAIN_REQUESTED, id, ready.toByteArray());
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
        TrainRequested corruptReady = prepareRound0(corrupt, spec, steps);
        store.objects().put(corruptReady.getModelKey(), "not a checkpoint".getBytes());
        TrainRequested goodReady = prepareRound0(good, spec, steps);

        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.TRAIN_REQUESTED, garbage, new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
            log.send(Topics.TRAIN_REQUESTED, corrupt, corruptReady.toByteArray());
            log.send(Topics.TRAIN_REQUESTED, good, goodReady.toByteArray());

            StepFailed corruptFailure = StepFailed.parseFrom(
                    log.await(Topics.STEP_FAILED, corrupt, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(corruptFailure.getService()).isEqualTo("trainer-service");
            assertThat(corruptFailure.getReason()).contains(corruptReady.getModelKey()).contains("is not a network state");
            var dead = log.await(Topics.DEAD_LETTER, corrupt, WAIT, r -> !r.isEmpty());
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value()))
                    .contains("is not a network state");
            // A record that is no event at all still names its experiment by its key: that experiment fails.
            StepFailed undecodable = StepFailed.parseFrom(
                    log.await(Topics.STEP_FAILED, garbage, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(undecodable.getReason()).contains("is not a TrainRequested event");
            assertThat(log.await(Topics.MODEL_TRAINED, good, WAIT, r -> !r.isEmpty())).hasSize(1);
        }
    }

    @Test
    void aRoundLongerThanTheShareGroupLockIsTrainedOnceAndTheTrainerGoesOn() throws Exception {
        String id = "long-" + UUID.randomUUID();
        ExperimentSpec spec = spec(250, 1, 40);
        TrainRequested ready = prepareRound0(id, spec, steps(spec));
        String next = "next-" + UUID.randomUUID();
        ExperimentSpec quick = spec(1);
        TrainRequested nextReady = prepareRound0(next, quick, steps(quick));
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.TRAIN_REQUESTED, id, ready.toByteArray());
            log.send(Topics.TRAIN_REQUESTED, next, nextReady.toByteArray());
            ModelTrained trained = ModelTrained.parseFrom(
                    log.await(Topics.MODEL_TRAINED, id, WAIT, r -> !r.isEmpty()).get(0).value());
            // The test configuration locks a request for 2 s; this round must take longer.
            assertThat(trained.getTrainSeconds()).isGreaterThan(lockDuration.toMillis() / 1000.0);
            assertThat(log.await(Topics.MODEL_TRAINED, next, WAIT, r -> !r.isEmpty())).hasSize(1);
            // Had the lock lapsed, the request would have come back and been answered again.
            assertThat(log.collect(Topics.MODEL_TRAINED, id, Duration.ofSeconds(3))).hasSize(1);
            assertThat(counter("alps.step.done", id)).isEqualTo(1.0);
            assertThat(counter("alps.step.skipped", id)).isEqualTo(0.0);
        }
    }

    @Test
    void oneTrainerTrainsTwoRoundsAtOnceEachAsIfAlone() throws Exception {
        ExperimentSpec spec = spec(250, 1, 12);
        RoundSteps steps = steps(spec);
        RoundResult alone = steps.train(0, steps.initialNetwork(), steps.initialLabels(), null);
        String a = "pair-a-" + UUID.randomUUID();
        String b = "pair-b-" + UUID.randomUUID();
        TrainRequested readyA = prepareRound0(a, spec, steps);
        TrainRequested readyB = prepareRound0(b, spec, steps);
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.TRAIN_REQUESTED, a, readyA.toByteArray());
            log.send(Topics.TRAIN_REQUESTED, b, readyB.toByteArray());
            // Each round holds a claim while it trains: both at once means both train at once.
            String claimA = StorageKeys.claim(a, 0, "model-trained");
            String claimB = StorageKeys.claim(b, 0, "model-trained");
            await("both rounds trained at the same time").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> store.objects().exists(claimA) && store.objects().exists(claimB));
            for (String id : List.of(a, b)) {
                ModelTrained trained = ModelTrained.parseFrom(
                        log.await(Topics.MODEL_TRAINED, id, WAIT, r -> !r.isEmpty()).get(0).value());
                assertThat(trained.getTestAccuracy()).as(id).isEqualTo(alone.testAccuracy());
                assertThat(trained.getTestLoss()).as(id).isEqualTo(alone.testLoss());
                assertThat(trained.getEpochs(11).getTrainLoss()).as(id).isEqualTo(alone.history().get(11).trainLoss());
            }
        }
    }

    @Test
    void theFinalTrainingRunsInTheTrainerAndStoresWhatItsReportsNeed() throws Exception {
        String id = "final-" + UUID.randomUUID();
        ExperimentSpec spec = ExperimentSpec.defaults("edge-popup").with(java.util.Map.of("dataset", "fashion-mnist",
                "data", data.toString(), "seed", 7, "initial", 60, "budget", 40, "rounds", 0, "epochs", 1, "batch", 32));
        RoundSteps steps = steps(spec);
        TrainRequested round0 = prepareRound0(id, spec, steps);
        RoundResult result = steps.train(0, steps.initialNetwork(), steps.initialLabels(), null);
        store.putResult(StorageKeys.result(id, 0), result);
        TrainRequested request = round0.toBuilder().setEventId(id + "/train-requested-final").setFinalTraining(true)
                .addResultKeys(StorageKeys.result(id, 0)).build();
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.TRAIN_REQUESTED, id, request.toByteArray());
            FinalTrained done = FinalTrained.parseFrom(log.await(Topics.FINAL_TRAINED, id, WAIT, r -> !r.isEmpty())
                    .get(0).value());
            var comparison = io.alps.api.report.Json.parseObject(store.objects().get(done.getResultKey()));
            assertThat(comparison).containsKeys("subnet", "dense");
            assertThat(done.getArtifactKeysList()).anyMatch(k -> k.endsWith("global_lenet5_full_training.zip"));
            assertThat(done.getTrainedBy()).startsWith("trainer-service@");
        }
    }

    @Inject
    io.alps.service.experiment.Cancellations cancellations;

    @Test
    void aCancelStopsTheRoundAtTheNextEpochAndARequestOfACancelledExperimentIsNotTrained() throws Exception {
        String id = "cancel-" + UUID.randomUUID();
        ExperimentSpec spec = spec(250, 1, 200);
        TrainRequested ready = prepareRound0(id, spec, steps(spec));
        List<String> epochs = new java.util.concurrent.CopyOnWriteArrayList<>();
        var logger = java.util.logging.Logger.getLogger(io.alps.trainer.training.TrainStep.class.getName());
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                String text = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                        : record.getMessage();
                if (text != null && text.startsWith(id + " round 0 epoch ")) {
                    epochs.add(text);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.TRAIN_REQUESTED, id, ready.toByteArray());
            await("training started").atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> epochs.size() >= 2);
            cancellations.mark(id, System.currentTimeMillis());
            int atCancel = epochs.size();
            await("the round stopped").atMost(WAIT).until(() -> counter("alps.step.cancelled", id) >= 1);
            assertThat(epochs.size() - atCancel).as("epochs trained after the cancel").isLessThanOrEqualTo(1);
            assertThat(epochs.size()).isLessThan(200);
            assertThat(counter("alps.step.cancelled", id)).as("the round stopped for the cancel").isEqualTo(1.0);
            assertThat(log.collect(Topics.MODEL_TRAINED, id, Duration.ofSeconds(2))).as("no result of a cancelled round")
                    .isEmpty();
            assertThat(log.collect(Topics.STEP_FAILED, id, Duration.ofSeconds(1))).as("a cancel is no failure").isEmpty();
            assertThat(store.objects().exists(StorageKeys.trainedModel(id, 0))).isFalse();

            // Sent again after the cancel (a redelivery, or a request already queued): not started at all.
            log.send(Topics.TRAIN_REQUESTED, id, ready.toByteArray());
            await("the second request is dropped as cancelled").atMost(WAIT)
                    .until(() -> counter("alps.step.cancelled", id) >= 2);
            assertThat(counter("alps.step.cancelled", id)).isEqualTo(2.0);
            assertThat(counter("alps.step.done", id)).isZero();
        } finally {
            logger.removeHandler(handler);
        }
    }

    @ConfigProperty(name = "alps.trainer.lock-duration")
    Duration lockDuration;
}
