package io.alps.selector.messaging;

import io.alps.events.EventIds;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.PoolChunkRequested;
import io.alps.events.v1.PoolChunkScored;
import io.alps.events.v1.SamplesSelected;
import io.alps.selector.selection.SelectionSteps;
import io.alps.service.messaging.Channels;
import io.alps.service.messaging.EventSender;
import io.alps.service.messaging.StepLedger;
import io.alps.service.messaging.StepRunner;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * ExperimentRequested in, ExperimentStarted out; ModelTrained(r) in, SamplesSelected(r) out. A pool
 * not worth sharing is selected inline; one worth it goes out as one PoolChunkRequested per chunk (any
 * selector scores each, {@link PoolChunkWorker}), and the PoolChunkScored that finds every chunk
 * scored merges them into SamplesSelected, once (the ledger).
 */
@ApplicationScoped
public class SelectorConsumers {
    private static final String SELECTED = "samples-selected";
    private static final String CHUNKS_REQUESTED = "pool-chunks-requested";
    private static final String MERGE = "merge-chunks";

    private final SelectionSteps steps;
    private final StepRunner runner;
    private final StepLedger ledger;
    private final EventSender sender;
    private final Emitter<Record<String, ExperimentStarted>> started;
    private final Emitter<Record<String, SamplesSelected>> selected;
    private final Emitter<Record<String, PoolChunkRequested>> chunkRequests;

    public SelectorConsumers(SelectionSteps steps, StepRunner runner, StepLedger ledger, EventSender sender,
                             @Channel(Channels.EXPERIMENT_STARTED) Emitter<Record<String, ExperimentStarted>> started,
                             @Channel(Channels.SAMPLES_SELECTED) Emitter<Record<String, SamplesSelected>> selected,
                             @Channel(Channels.POOL_CHUNK_REQUESTS_OUT)
                             Emitter<Record<String, PoolChunkRequested>> chunkRequests) {
        this.chunkRequests = chunkRequests;
        this.steps = steps;
        this.runner = runner;
        this.ledger = ledger;
        this.sender = sender;
        this.started = started;
        this.selected = selected;
    }

    @Incoming(Channels.EXPERIMENT_REQUESTED)
    @Blocking
    public void onExperimentRequested(ConsumerRecord<String, ExperimentRequested> record) {
        ExperimentRequested event = record.value();
        String id = record.key();
        runner.run("initial-labels", id, 0, () -> {
            if (event == null) {
                throw new IllegalArgumentException("the record on " + record.topic() + " is not an ExperimentRequested event");
            }
            var outcome = ledger.once(id, 0, "experiment-started", ExperimentStarted.parser(), () -> {
                var s = steps.start(id, event.getSpecKey());
                return ExperimentStarted.newBuilder().setEventId(EventIds.of(id, "experiment-started"))
                        .setExperimentId(id).setSpecKey(event.getSpecKey()).setLabelsKey(s.labelsKey())
                        .setTheta0Key(s.theta0Key()).setDatasetName(s.datasetName()).setLabeled(s.labeled())
                        .addAllClassNames(s.classNames()).build();
            });
            sender.send(started, id, outcome.event());
            return !outcome.replayed();
        });
    }

    @Incoming(Channels.MODEL_TRAINED)
    @Blocking
    public void onModelTrained(ConsumerRecord<String, ModelTrained> record) {
        ModelTrained event = record.value();
        String id = record.key();
        int round = event == null ? -1 : event.getRound();
        runner.run("select", id, round, () -> {
            if (event == null) {
                throw new IllegalArgumentException("the record on " + record.topic() + " is not a ModelTrained event");
            }
            var done = ledger.stored(id, round, SELECTED, SamplesSelected.parser());
            if (done.isPresent()) {
                sender.send(selected, id, done.get());
                return false;
            }
            int chunks = event.getFinalRound() ? 1
                    : steps.sharedChunks(id, event.getKeys().getSpecKey(), event.getLabelsKey(), event.getMacs());
            if (chunks > 1) {
                return requestChunks(id, event, chunks);
            }
            var outcome = ledger.once(id, round, SELECTED, SamplesSelected.parser(), () -> toEvent(id, event));
            sender.send(selected, id, outcome.event());
            return !outcome.replayed();
        });
    }

    /**
     * One request per chunk of the pool, to the selectors' share group. The requests' common part
     * (with the selection's start time) is stored first, so a redelivered ModelTrained sends the
     * same requests again; chunks already scored are not scored again.
     */
    private boolean requestChunks(String id, ModelTrained event, int chunks) {
        int round = event.getRound();
        var plan = ledger.once(id, round, CHUNKS_REQUESTED, PoolChunkRequested.parser(), () ->
                PoolChunkRequested.newBuilder().setEventId(EventIds.of(id, CHUNKS_REQUESTED, round)).setExperimentId(id)
                        .setRound(round).setChunks(chunks).setLabelsKey(event.getLabelsKey()).setKeys(event.getKeys())
                        .setRequestedAtMs(System.currentTimeMillis()).build());
        for (int c = 0; c < chunks; c++) {
            sender.send(chunkRequests, id, plan.event().toBuilder().setChunk(c)
                    .setEventId(EventIds.of(id, "pool-chunk-requested-" + c, round)).build());
        }
        return !plan.replayed();
    }

    @Incoming(Channels.POOL_CHUNK_SCORED)
    @Blocking
    public void onPoolChunkScored(ConsumerRecord<String, PoolChunkScored> record) {
        PoolChunkScored event = record.value();
        String id = record.key();
        int round = event == null ? -1 : event.getRound();
        runner.run(MERGE, id, round, () -> {
            if (event == null) {
                throw new IllegalArgumentException("the record on " + record.topic() + " is not a PoolChunkScored event");
            }
            ChunkTask task = ChunkTask.of(event);
            // Every chunk's result is stored before its event is sent: the last one to arrive finds them all.
            if (!steps.allChunksScored(id, round, task.chunks())) {
                return true;
            }
            var outcome = ledger.once(id, round, SELECTED, SamplesSelected.parser(), () -> {
                var s = steps.merge(id, task.specKey(), round, task.labelsKey(), task.checkpointKey(), task.chunks(),
                        task.requestedAtMs());
                return SamplesSelected.newBuilder().setEventId(EventIds.of(id, SELECTED, round)).setExperimentId(id)
                        .setRound(round).setKeys(event.getKeys()).setFinalRound(false)
                        .setNextLabelsKey(s.nextLabelsKey()).setSelectedKey(s.selectedKey()).setSelected(s.selected())
                        .setSelectSeconds(s.seconds()).setPoolSize(s.poolSize()).build();
            });
            sender.send(selected, id, outcome.event());
            return !outcome.replayed();
        });
    }

    private SamplesSelected toEvent(String id, ModelTrained t) {
        SamplesSelected.Builder b = SamplesSelected.newBuilder()
                .setEventId(EventIds.of(id, SELECTED, t.getRound())).setExperimentId(id).setRound(t.getRound())
                .setKeys(t.getKeys()).setFinalRound(t.getFinalRound());
        if (!t.getFinalRound()) {
            var s = steps.select(id, t.getKeys().getSpecKey(), t.getRound(), t.getLabelsKey(),
                    t.getKeys().getCheckpointKey());
            b.setNextLabelsKey(s.nextLabelsKey()).setSelectedKey(s.selectedKey()).setSelected(s.selected())
                    .setSelectSeconds(s.seconds()).setPoolSize(s.poolSize());
        }
        return b.build();
    }
}
