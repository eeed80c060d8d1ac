package io.alps.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.events.Topics;
import io.alps.events.v1.StepFailed;
import io.alps.events.v1.RoundCompleted;
import io.alps.events.v1.RoundKeys;
import io.alps.events.v1.SamplesSelected;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.NetworkState;
import io.alps.api.result.RoundResult;
import io.alps.ml.al.RoundSteps;
import io.alps.ml.data.DatasetLoader;
import io.alps.service.engine.testing.MlServiceTestBase;
import io.alps.service.storage.StorageKeys;
import io.alps.ml.al.FinalModel;
import io.alps.ml.al.NetworkStateCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class PrunerServiceTest extends MlServiceTestBase {
    private static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = tinyData("alps-pruner-data", 300, 100, 17);
    }

    private ExperimentSpec spec() {
        return dense(data, java.util.Map.of("seed", 9, "initial", 60, "budget", 40, "rounds", 1, "epochs", 1));
    }

    /** Stores what the selector and trainer would have stored for {@code round}; returns theta0. */
    private NetworkState prepareTrainedRound(String id, int round, RoundSteps steps) {
        store.putSpec(id, steps.spec());
        NetworkState theta0 = steps.initialNetwork();
        networks.put(StorageKeys.theta0(id), theta0);
        NetworkState trained = theta0.copy();
        RoundResult result = steps.train(round, trained, steps.initialLabels(), null);
        networks.put(StorageKeys.trainedModel(id, round), trained);
        store.putResult(StorageKeys.trainResult(id, round), result);
        store.putLabels(StorageKeys.labels(id, round + 1), steps.initialLabels());
        return theta0;
    }

    private static SamplesSelected selected(String id, int round, boolean last) {
        return SamplesSelected.newBuilder().setEventId(id + "/samples-selected/r" + round).setExperimentId(id)
                .setRound(round).setKeys(RoundKeys.newBuilder().setCheckpointKey(StorageKeys.trainedModel(id, round))
                        .setTrainResultKey(StorageKeys.trainResult(id, round)).setSpecKey(StorageKeys.spec(id))
                        .setTheta0Key(StorageKeys.theta0(id))
                        .setPreviousCheckpointKey(round == 0 ? "" : StorageKeys.trainedModel(id, round - 1)))
                .setNextLabelsKey(last ? "" : StorageKeys.labels(id, round + 1)).setSelected(last ? 0 : 40)
                .setSelectSeconds(last ? 0 : 0.25).setFinalRound(last).build();
    }

    @Test
    void completesARoundWithTheNextRoundsNetworkAndAFinalRoundWithoutOne() throws Exception {
        String id = "prune-" + UUID.randomUUID();
        RoundSteps steps = new RoundSteps(spec(), new DatasetLoader().load(io.alps.ml.data.DataRequest.of(spec())));
        NetworkState theta0 = prepareTrainedRound(id, 0, steps);
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.SAMPLES_SELECTED, id, selected(id, 0, false).toByteArray());
            RoundCompleted done = RoundCompleted.parseFrom(
                    log.await(Topics.ROUND_COMPLETED, id, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(done.getRound()).isZero();
            RoundResult result = store.result(done.getResultKey());
            assertThat(result.selectSeconds()).isEqualTo(0.25);
            assertThat(result.testAccuracy())
                    .isEqualTo(store.result(StorageKeys.trainResult(id, 0)).testAccuracy());

            assertThat(done.getFinalRound()).isFalse();
            assertThat(done.getArtifactKeysList()).noneMatch(k -> k.endsWith(FinalModel.CHECKPOINT) || k.endsWith(FinalModel.ONNX));
            assertThat(done.getNextLabelsKey()).isEqualTo(StorageKeys.labels(id, 1));
            assertThat(done.getCheckpointKey()).isEqualTo(StorageKeys.trainedModel(id, 0));
            // Dense rounds restart from theta0 (ml-core's DenseMethod.next).
            NetworkState start = networks.get(done.getNextModelKey());
            NetworkState expected = steps.next(0, networks.get(StorageKeys.trainedModel(id, 0)), theta0);
            assertThat(start.network().params()).isEqualTo(expected.network().params());
            assertThat(start.plan()).isEqualTo(expected.plan());

            prepareTrainedRound(id, 1, steps);
            log.send(Topics.SAMPLES_SELECTED, id, selected(id, 1, true).toByteArray());
            RoundCompleted last = RoundCompleted.parseFrom(
                    log.await(Topics.ROUND_COMPLETED, id, WAIT, r -> r.size() >= 2).get(1).value());
            assertThat(last.getFinalRound()).isTrue();
            assertThat(last.getNextModelKey()).isEmpty();
            // The network the experiment ended with is among its artifacts, as in one process.
            String finalModel = last.getArtifactKeysList().stream().filter(k -> k.endsWith("/" + FinalModel.CHECKPOINT))
                    .findFirst().orElseThrow();
            assertThat(last.getArtifactKeysList()).anyMatch(k -> k.endsWith("/" + FinalModel.ONNX));
            assertThat(NetworkStateCodec.fromBytes(store.objects().get(finalModel), finalModel).network().params())
                    .isEqualTo(networks.get(StorageKeys.trainedModel(id, 1)).network().params());
            assertThat(store.result(last.getResultKey()).round()).isEqualTo(1);
            // The pruner decides nothing: the lifecycle (reporter) completes the experiment.
            assertThat(log.collect(Topics.EXPERIMENT_COMPLETED, id, Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void aRedeliveredSelectionDoesNotPrepareTheRoundAgain() throws Exception {
        String id = "prunedup-" + UUID.randomUUID();
        RoundSteps steps = new RoundSteps(spec(), new DatasetLoader().load(io.alps.ml.data.DataRequest.of(spec())));
        prepareTrainedRound(id, 0, steps);
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.SAMPLES_SELECTED, id, selected(id, 0, false).toByteArray());
            log.await(Topics.ROUND_COMPLETED, id, WAIT, r -> !r.isEmpty());
            log.send(Topics.SAMPLES_SELECTED, id, selected(id, 0, false).toByteArray());
            var done = log.await(Topics.ROUND_COMPLETED, id, WAIT, r -> r.size() >= 2);
            assertThat(done).hasSize(2);
            assertThat(RoundCompleted.parseFrom(done.get(1).value())).isEqualTo(RoundCompleted.parseFrom(done.get(0).value()));
            assertThat(counter("alps.step.done", id)).isEqualTo(1.0);
            assertThat(counter("alps.step.skipped", id)).isEqualTo(1.0);
        }
    }

    @Test
    void aCorruptCheckpointFailsTheExperimentAndThePrunerCarriesOn() throws Exception {
        String bad = "prunebad-" + UUID.randomUUID();
        String good = "prunegood-" + UUID.randomUUID();
        RoundSteps steps = new RoundSteps(spec(), new DatasetLoader().load(io.alps.ml.data.DataRequest.of(spec())));
        prepareTrainedRound(bad, 0, steps);
        store.objects().put(StorageKeys.trainedModel(bad, 0), new byte[] {1, 2, 3});
        prepareTrainedRound(good, 0, steps);
        try (EventLog log = new EventLog(bootstrap)) {
            log.send(Topics.SAMPLES_SELECTED, bad, selected(bad, 0, false).toByteArray());
            log.send(Topics.SAMPLES_SELECTED, good, selected(good, 0, false).toByteArray());
            StepFailed failed = StepFailed.parseFrom(
                    log.await(Topics.STEP_FAILED, bad, WAIT, r -> !r.isEmpty()).get(0).value());
            assertThat(failed.getService()).isEqualTo("pruner-service");
            assertThat(failed.getReason()).contains(StorageKeys.trainedModel(bad, 0));
            assertThat(log.await(Topics.DEAD_LETTER, bad, WAIT, r -> !r.isEmpty())).hasSize(1);
            assertThat(log.await(Topics.ROUND_COMPLETED, good, WAIT, r -> !r.isEmpty())).hasSize(1);
        }
    }
}
