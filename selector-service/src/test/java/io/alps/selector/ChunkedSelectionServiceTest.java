package io.alps.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.util.CancelCheck;
import io.alps.events.Topics;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.PoolChunkScored;
import io.alps.events.v1.RoundKeys;
import io.alps.events.v1.SamplesSelected;
import io.alps.infra.EventLog;
import io.alps.infra.LocalInfraResource;
import io.alps.ml.al.LabelSets;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.RoundSteps;
import io.alps.ml.data.DatasetLoader;
import io.alps.service.engine.testing.MlServiceTestBase;
import io.alps.service.experiment.Cancellations;
import io.alps.service.storage.StorageKeys;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pool of several chunks: the selector asks for one request per chunk on the share group,
 * scores them, stores each result at its key and merges them into one SamplesSelected with the
 * labels ml-core chooses in one process.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
@TestProfile(ChunkedSelectionServiceTest.SmallChunks.class)
class ChunkedSelectionServiceTest extends MlServiceTestBase {
    static final int CHUNK = 64;
    private static Path data;

    /**
     * Chunks of 64 images, so the 240 unlabeled images of these tests come in four, and shared
     * however little scoring them costs.
     */
    public static class SmallChunks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alps.selector.pool-chunk-size", Integer.toString(CHUNK),
                    "alps.selector.share-pools-from-macs", "0");
        }
    }

    @BeforeAll
    static void writeData() throws Exception {
        data = tinyData("alps-selector-chunks", 300, 100, 13);
    }

    private ExperimentSpec spec(Map<String, Object> settings) {
        return dense(data, Map.of("seed", 5, "initial", 60, "budget", 40, "rounds", 2, "epochs", 1)).with(settings);
    }

    /** Starts the experiment, trains its round 0 here (as a trainer would) and sends ModelTrained. */
    private Round trainedRound(EventLog log, String id, ExperimentSpec spec) throws Exception {
        log.send(Topics.EXPERIMENT_REQUESTED, id, ExperimentRequested.newBuilder().setEventId(id + "/requested")
                .setExperimentId(id).setSpecJson(spec.toJson()).setSpecKey(store.putSpec(id, spec)).build().toByteArray());
        ExperimentStarted ready = ExperimentStarted.parseFrom(
                log.await(Topics.EXPERIMENT_STARTED, id, WAIT, r -> !r.isEmpty()).get(0).value());
        RoundSteps steps = new RoundSteps(spec, new DatasetLoader().load(io.alps.ml.data.DataRequest.of(spec)));
        int[] labels = store.labels(ready.getLabelsKey());
        NetworkState trained = steps.initialNetwork();
        steps.train(0, trained, labels, null);
        networks.put(StorageKeys.trainedModel(id, 0), trained);
        log.send(Topics.MODEL_TRAINED, id, ModelTrained.newBuilder().setEventId(id + "/model-trained/r0")
                .setExperimentId(id).setRound(0).setLabelsKey(ready.getLabelsKey())
                .setKeys(RoundKeys.newBuilder().setSpecKey(ready.getSpecKey())
                        .setCheckpointKey(StorageKeys.trainedModel(id, 0))).build().toByteArray());
        return new Round(steps, labels, trained);
    }

    private record Round(RoundSteps steps, int[] labels, NetworkState trained) {
    }

    @Test
    void aPoolOfSeveralChunksIsScoredChunkByChunkAndMergedIntoTheOneProcessSelection() throws Exception {
        for (String strategy : new String[] {"least-confidence", "coreset"}) {
            String id = "selchunks-" + UUID.randomUUID();
            try (EventLog log = new EventLog(bootstrap)) {
                Round round = trainedRound(log, id, spec(Map.of("strategy", strategy)));
                SamplesSelected selected = SamplesSelected.parseFrom(
                        log.await(Topics.SAMPLES_SELECTED, id, WAIT, r -> !r.isEmpty()).get(0).value());
                var scored = log.await(Topics.POOL_CHUNK_SCORED, id, WAIT, r -> r.size() >= 4);
                assertThat(scored).as(strategy + ": one scored event per chunk").hasSize(4);
                int images = 0;
                for (var record : scored) {
                    PoolChunkScored s = PoolChunkScored.parseFrom(record.value());
                    assertThat(s.getChunks()).isEqualTo(4);
                    assertThat(s.getResultKey()).isEqualTo(StorageKeys.poolChunk(id, 0, s.getChunk()));
                    assertThat(store.objects().exists(s.getResultKey())).isTrue();
                    assertThat(s.getScoredBy()).startsWith("selector-service");
                    images += s.getImages();
                }
                assertThat(images).as("every unlabeled image scored once").isEqualTo(240);

                int[] picked = store.labels(selected.getSelectedKey());
                int[] inProcess = round.steps().select(0, round.trained(), round.labels(),
                        round.steps().poolChunks(round.labels(), CHUNK), CancelCheck.NEVER);
                assertThat(picked).as(strategy + ": the one-process runner's chunked choice").containsExactly(inProcess);
                if (strategy.equals("least-confidence")) {
                    assertThat(picked).as("least confidence: the same as one pass over the whole pool")
                            .containsExactly(round.steps().select(0, round.trained(), round.labels()));
                }
                assertThat(selected.getSelected()).isEqualTo(40);
                assertThat(selected.getPoolSize()).isEqualTo(240);
                assertThat(selected.getSelectSeconds()).isPositive();
                assertThat(store.labels(selected.getNextLabelsKey())).containsExactly(LabelSets.union(round.labels(), picked));
            }
        }
        var timer = meters.find("alps.selection.chunk.duration").tag("service", "selector-service").timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).as("each chunk timed").isGreaterThanOrEqualTo(8);
    }

    @Test
    void aRedeliveredModelTrainedSendsTheSameSelectionWithoutScoringAgain() throws Exception {
        String id = "selchunkdup-" + UUID.randomUUID();
        try (EventLog log = new EventLog(bootstrap)) {
            trainedRound(log, id, spec(Map.of()));
            SamplesSelected first = SamplesSelected.parseFrom(
                    log.await(Topics.SAMPLES_SELECTED, id, WAIT, r -> !r.isEmpty()).get(0).value());
            double scoredChunks = chunkTimerCount();
            ModelTrained again = ModelTrained.parseFrom(log.await(Topics.MODEL_TRAINED, id, WAIT, r -> !r.isEmpty())
                    .get(0).value());
            log.send(Topics.MODEL_TRAINED, id, again.toByteArray());
            var out = log.await(Topics.SAMPLES_SELECTED, id, WAIT, r -> r.stream().map(rec -> parse(rec.value()))
                    .filter(s -> s.equals(first)).count() >= 2);
            assertThat(out.stream().map(rec -> parse(rec.value()))).as("only the one stored selection").allMatch(first::equals);
            assertThat(chunkTimerCount()).as("no chunk scored again").isEqualTo(scoredChunks);
        }
    }

    @Test
    void aCancelStopsTheChunkBeingScoredAndNothingIsSelected() throws Exception {
        String id = "selchunkcancel-" + UUID.randomUUID();
        // Hours of Monte-Carlo passes per chunk unless the cancel reaches them.
        ExperimentSpec spec = spec(Map.of("strategy", "bald", "dropout", 0.5, "mcSamples", 200_000));
        Cancellations cancellations = Arc.container().instance(Cancellations.class).get();
        try (EventLog log = new EventLog(bootstrap)) {
            trainedRound(log, id, spec);
            await("a chunk's passes start").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(MonteCarloPasses::running);
            cancellations.mark(id, System.currentTimeMillis());
            await("the chunk is given up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> counter("alps.step.cancelled", id) >= 1);
            await("no pass runs any more").atMost(Duration.ofSeconds(10)).until(() -> !MonteCarloPasses.running());
            assertThat(Arrays.stream(new int[] {0, 1, 2, 3})
                    .filter(c -> store.objects().exists(StorageKeys.poolChunk(id, 0, c)))).as("no chunk result").isEmpty();
            assertThat(log.collect(Topics.SAMPLES_SELECTED, id, Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void aChunkWhoseSelectorDiesIsScoredByAnotherAndTheSelectionIsStillTheOneProcessOne() throws Exception {
        String id = "selchunkdies-" + UUID.randomUUID();
        // Bald with many passes: each chunk takes seconds, so the second selector gets one.
        ExperimentSpec spec = spec(Map.of("strategy", "bald", "dropout", 0.5, "mcSamples", 400));
        var group = Arc.container().instance(io.alps.selector.config.SelectorConfig.class).get();
        java.util.concurrent.CompletableFuture<Integer> taken = new java.util.concurrent.CompletableFuture<>();
        // A second selector that takes a chunk and dies on it, its record unacknowledged.
        var dying = io.alps.service.messaging.ShareGroupWorker.start(
                group.workerSettings(bootstrap, Topics.POOL_CHUNK_REQUESTED, "dying-selector"),
                new io.alps.events.serde.PoolChunkRequestedDeserializer(), d -> {
                    taken.complete(d.value().getChunk());
                    new java.util.concurrent.CountDownLatch(1).await();
                    return io.alps.service.messaging.ShareGroupWorker.Ack.ACCEPT;
                }, (d, reason) -> { });
        try (EventLog log = new EventLog(bootstrap)) {
            Round round;
            int chunk;
            try {
                round = trainedRound(log, id, spec);
                chunk = taken.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                dying.close();
            }
            SamplesSelected selected = SamplesSelected.parseFrom(
                    log.await(Topics.SAMPLES_SELECTED, id, WAIT, r -> !r.isEmpty()).get(0).value());
            var scored = log.await(Topics.POOL_CHUNK_SCORED, id, WAIT, r -> r.size() >= 4).stream().map(r -> {
                try {
                    return PoolChunkScored.parseFrom(r.value());
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            var scoredBy = scored.stream().filter(s -> s.getChunk() == chunk).map(PoolChunkScored::getScoredBy).toList();
            assertThat(scoredBy).as("the dead selector's chunk, scored once").hasSize(1);
            assertThat(scoredBy.get(0)).as("by the live selector").startsWith("selector-service");
            assertThat(store.labels(selected.getSelectedKey())).as("the one-process choice, bit for bit")
                    .containsExactly(round.steps().select(0, round.trained(), round.labels(),
                            round.steps().poolChunks(round.labels(), CHUNK), CancelCheck.NEVER));
        }
    }

    private static SamplesSelected parse(byte[] bytes) {
        try {
            return SamplesSelected.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private double chunkTimerCount() {
        var t = meters.find("alps.selection.chunk.duration").timer();
        return t == null ? 0 : t.count();
    }
}
