package io.alps.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.events.Topics;
import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.StepFailed;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.RoundKeys;
import io.alps.events.v1.SamplesSelected;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.LabelSets;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.RoundSteps;
import io.alps.ml.data.DatasetLoader;
import io.alps.service.engine.testing.MlServiceTestBase;
import io.alps.service.storage.StorageKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class SelectorServiceTest extends MlServiceTestBase {
    private static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = tinyData("alps-selector-data", 300, 100, 13);
    }

    private ExperimentSpec spec(int initial) {
        return dense(data, java.util.Map.of("seed", 5, "initial", initial, "budget", 40, "rounds", 2, "epochs", 1));
    }

    private ExperimentRequested requested(String id, ExperimentSpec spec) {
        return ExperimentRequested.newBuilder().setEventId(id + "/requested").setExperimentId(id)
                .setSpecJson(spec.toJson()).setSpecKey(store.putSpec(id, spec)).build();
    }

    @Test
    void startsAnExperimentAndSelectsWithTheSpecsStrategy() throws Exception {
        String id = "sel-" + UUID.randomUUID();
        ExperimentSpec spec = spec(60);
        RoundSteps steps = new RoundSteps(spec, new DatasetLoader().load(io.alps.ml.data.DataRequest.of(spec)));
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_REQUESTED, id, requested(id, spec).toByteArray());
            ExperimentStarted ready = ExperimentStarted.parseFrom(
                    log.await(Topics.EXPERIMENT_STARTED, id, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(ready.getSpecKey()).isEqualTo(StorageKeys.spec(id));
            assertThat(ready.getDatasetName()).isEqualTo("Fashion-MNIST");
            int[] labels = store.labels(ready.getLabelsKey());
            assertThat(labels).isEqualTo(steps.initialLabels());
            NetworkState theta0 = networks.get(ready.getTheta0Key());
            assertThat(theta0.network().params()).isEqualTo(steps.initialNetwork().network().params());

            // What the trainer would have produced for round 0.
            NetworkState trained = steps.initialNetwork();
            steps.train(0, trained, labels, null);
            networks.put(StorageKeys.trainedModel(id, 0), trained);
            log.send(Topics.MODEL_TRAINED, id, ModelTrained.newBuilder().setEventId(id + "/model-trained/r0")
                    .setExperimentId(id).setRound(0).setLabelsKey(ready.getLabelsKey())
                    .setKeys(RoundKeys.newBuilder().setSpecKey(ready.getSpecKey())
                            .setCheckpointKey(StorageKeys.trainedModel(id, 0))).build().toByteArray());
            SamplesSelected selected = SamplesSelected.parseFrom(
                    log.await(Topics.SAMPLES_SELECTED, id, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(selected.getSelected()).isEqualTo(40);
            assertThat(selected.getFinalRound()).isFalse();
            assertThat(store.labels(selected.getNextLabelsKey()))
                    .isEqualTo(LabelSets.union(labels, steps.select(0, trained, labels)));

            // After a round the lifecycle marked final nothing is selected.
            networks.put(StorageKeys.trainedModel(id, 2), trained);
            log.send(Topics.MODEL_TRAINED, id, ModelTrained.newBuilder().setEventId(id + "/model-trained/r2")
                    .setExperimentId(id).setRound(2).setLabelsKey(ready.getLabelsKey()).setFinalRound(true)
                    .setKeys(RoundKeys.newBuilder().setSpecKey(ready.getSpecKey())
                            .setCheckpointKey(StorageKeys.trainedModel(id, 2))).build().toByteArray());
            SamplesSelected last = SamplesSelected.parseFrom(
                    log.await(Topics.SAMPLES_SELECTED, id, WAIT, r -> r.size() >= 2).get(1).value());
            assertThat(last.getFinalRound()).isTrue();
            assertThat(last.getSelected()).isZero();
        }
    }

    @Test
    void eachSamplePeopleAreAskedAboutIsStoredWithItsFileForAnImageFolderAndWithoutForABenchmarkSet() throws Exception {
        Path folder = io.alps.infra.TinyImageFolder.write(java.nio.file.Files.createTempDirectory("alps-selector-folder")
                .resolve("shapes"), 6, 2, 3);
        ExperimentSpec byFolder = dense(folder, java.util.Map.of("dataset", "folder", "oracle", "human", "seed", 5,
                "initial", 6, "budget", 3, "rounds", 1, "epochs", 1));
        ExperimentSpec byBenchmark = dense(data, java.util.Map.of("oracle", "human", "seed", 5, "initial", 6,
                "budget", 3, "rounds", 1, "epochs", 1));
        var train = new DatasetLoader().load(io.alps.ml.data.DataRequest.of(byFolder)).train();
        String folderId = "sel-" + UUID.randomUUID();
        String benchmarkId = "sel-" + UUID.randomUUID();
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_REQUESTED, folderId, requested(folderId, byFolder).toByteArray());
            log.send(Topics.EXPERIMENT_REQUESTED, benchmarkId, requested(benchmarkId, byBenchmark).toByteArray());
            int[] asked = store.labels(ExperimentStarted.parseFrom(log.await(Topics.EXPERIMENT_STARTED, folderId, WAIT,
                    r -> !r.isEmpty()).get(0).value()).getLabelsKey());
            assertThat(asked).hasSize(6);
            for (int sample : asked) {
                String file = new String(store.objects().get(StorageKeys.sampleFile(folderId, sample)),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(file).isEqualTo(train.sampleName(sample)).startsWith("train/");
                assertThat(folder.resolve(file)).isRegularFile();
                assertThat(store.objects().exists(StorageKeys.sampleImage(folderId, sample))).isTrue();
            }
            int[] benchmark = store.labels(ExperimentStarted.parseFrom(log.await(Topics.EXPERIMENT_STARTED, benchmarkId,
                    WAIT, r -> !r.isEmpty()).get(0).value()).getLabelsKey());
            for (int sample : benchmark) {
                assertThat(store.objects().exists(StorageKeys.sampleImage(benchmarkId, sample))).isTrue();
                assertThat(store.objects().exists(StorageKeys.sampleFile(benchmarkId, sample))).as("no file").isFalse();
            }
        }
    }

    @Test
    void aRedeliveredRequestDoesNotStartTheExperimentAgain() throws Exception {
        String id = "seldup-" + UUID.randomUUID();
        byte[] event = requested(id, spec(60)).toByteArray();
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_REQUESTED, id, event);
            log.await(Topics.EXPERIMENT_STARTED, id, WAIT, r -> !r.isEmpty());
            log.send(Topics.EXPERIMENT_REQUESTED, id, event);
            var out = log.await(Topics.EXPERIMENT_STARTED, id, WAIT, r -> r.size() >= 2);
            assertThat(out).hasSize(2);
            assertThat(ExperimentStarted.parseFrom(out.get(1).value())).isEqualTo(ExperimentStarted.parseFrom(out.get(0).value()));
            assertThat(counter("alps.step.done", id)).isEqualTo(1.0);
            assertThat(counter("alps.step.skipped", id)).isEqualTo(1.0);
        }
    }

    @Test
    void anImpossibleScheduleOrAMissingCheckpointFailsTheExperimentAndTheSelectorCarriesOn() throws Exception {
        String tooMany = "selbad-" + UUID.randomUUID();
        String noModel = "selnomodel-" + UUID.randomUUID();
        String good = "selgood-" + UUID.randomUUID();
        String noModelSpec = store.putSpec(noModel, spec(60));
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.EXPERIMENT_REQUESTED, tooMany, requested(tooMany, spec(290)).toByteArray());
            log.send(Topics.MODEL_TRAINED, noModel, ModelTrained.newBuilder().setEventId(noModel + "/model-trained/r0")
                    .setExperimentId(noModel).setRound(0).setLabelsKey(StorageKeys.labels(noModel, 0))
                    .setKeys(RoundKeys.newBuilder().setSpecKey(noModelSpec)
                            .setCheckpointKey(StorageKeys.trainedModel(noModel, 0))).build().toByteArray());
            log.send(Topics.EXPERIMENT_REQUESTED, good, requested(good, spec(60)).toByteArray());

            StepFailed schedule = StepFailed.parseFrom(
                    log.await(Topics.STEP_FAILED, tooMany, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(schedule.getReason()).contains("budget:").contains("exceed the training pool of 300");
            StepFailed missing = StepFailed.parseFrom(
                    log.await(Topics.STEP_FAILED, noModel, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(missing.getReason()).contains(StorageKeys.labels(noModel, 0)).contains("does not exist");
            assertThat(log.await(Topics.DEAD_LETTER, tooMany, WAIT, r -> !r.isEmpty())).hasSize(1);
            assertThat(log.await(Topics.DEAD_LETTER, noModel, WAIT, r -> !r.isEmpty())).hasSize(1);
            assertThat(log.await(Topics.EXPERIMENT_STARTED, good, WAIT, r -> !r.isEmpty())).hasSize(1);
        }
    }

    @Test
    void aRecordThatIsNoEventFailsTheExperimentItsKeyNamesAndGoesToTheDeadLetterTopic() throws Exception {
        String garbled = "selgarbled-" + UUID.randomUUID();
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.MODEL_TRAINED, garbled, new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
            StepFailed failed = StepFailed.parseFrom(
                    log.await(Topics.STEP_FAILED, garbled, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(failed.getService()).isEqualTo("selector-service");
            assertThat(failed.getReason()).contains("is not a ModelTrained event");
            assertThat(log.await(Topics.DEAD_LETTER, garbled, WAIT, r -> !r.isEmpty())).hasSize(1);
        }
    }
}
