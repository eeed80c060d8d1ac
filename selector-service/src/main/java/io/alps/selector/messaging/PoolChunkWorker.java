package io.alps.selector.messaging;

import io.alps.events.EventIds;
import io.alps.events.Topics;
import io.alps.events.serde.PoolChunkRequestedDeserializer;
import io.alps.events.v1.PoolChunkRequested;
import io.alps.events.v1.PoolChunkScored;
import io.alps.selector.config.SelectorConfig;
import io.alps.selector.selection.SelectionSteps;
import io.alps.service.messaging.Channels;
import io.alps.service.messaging.EventSender;
import io.alps.service.messaging.ServiceConfig;
import io.alps.service.messaging.ShareGroupWorker;
import io.alps.service.messaging.StepFailure;
import io.alps.service.messaging.StepLedger;
import io.alps.service.messaging.StepRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Scores pool chunks. The chunk requests arrive through a Kafka share group, so whichever selector
 * is free takes the next chunk whatever its partition, a long chunk keeps its lock while it is
 * scored, and a selector that dies hands its chunk to another. Each chunk's result goes to its own
 * storage key and a PoolChunkScored to the ordered consumers, which merge.
 */
@ApplicationScoped
public class PoolChunkWorker {
    private static final Logger LOG = Logger.getLogger(PoolChunkWorker.class);
    static final String STEP = "score-chunk";
    /** Per chunk: how long scoring it took on this instance (bounded tags: no experiment id). */
    static final String CHUNK_TIMER = "alps.selection.chunk.duration";

    private final SelectionSteps steps;
    private final StepRunner runner;
    private final StepLedger ledger;
    private final EventSender sender;
    private final ServiceConfig service;
    private final SelectorConfig config;
    private final MeterRegistry meters;
    private final Emitter<Record<String, PoolChunkScored>> scored;
    private final String bootstrap;
    private volatile ShareGroupWorker<PoolChunkRequested> worker;

    public PoolChunkWorker(SelectionSteps steps, StepRunner runner, StepLedger ledger, EventSender sender,
                           ServiceConfig service, SelectorConfig config, MeterRegistry meters,
                           @Channel(Channels.POOL_CHUNK_SCORED_OUT) Emitter<Record<String, PoolChunkScored>> scored,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.steps = steps;
        this.runner = runner;
        this.ledger = ledger;
        this.sender = sender;
        this.service = service;
        this.config = config;
        this.meters = meters;
        this.scored = scored;
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent event) {
        worker = ShareGroupWorker.start(config.workerSettings(bootstrap, Topics.POOL_CHUNK_REQUESTED,
                service.instance() + "-chunks"), new PoolChunkRequestedDeserializer(), this::handle, this::poison);
    }

    void stop(@Observes ShutdownEvent event) {
        ShareGroupWorker<PoolChunkRequested> w = worker;
        if (w != null) {
            w.requestStop();
            w.close();
        }
    }

    /** For the readiness check: the share-group consumer of pool chunks is polling. */
    public boolean healthy() {
        ShareGroupWorker<PoolChunkRequested> w = worker;
        return w != null && w.healthy();
    }

    ShareGroupWorker.Ack handle(ShareGroupWorker.Delivery<PoolChunkRequested> d) {
        String id = d.key();
        PoolChunkRequested request = d.value();
        int round = request == null ? -1 : request.getRound();
        try {
            runner.run(STEP, id, round, () -> {
                if (request == null) {
                    throw new IllegalArgumentException("the record on " + d.topic() + " is not a PoolChunkRequested event");
                }
                return score(id, request);
            });
            return ShareGroupWorker.Ack.ACCEPT;
        } catch (StepFailure reported) {
            // Deterministic: the lifecycle has the failure; another delivery would fail the same way.
            return ShareGroupWorker.Ack.REJECT;
        }
    }

    void poison(ShareGroupWorker.Delivery<PoolChunkRequested> d, String reason) {
        PoolChunkRequested request = d.value();
        runner.fail(STEP, d.key(), request == null ? -1 : request.getRound(), "the pool chunk " + (request == null ? ""
                : (request.getChunk() + 1) + "/" + request.getChunks() + " ") + "was " + reason
                + " (each selector that took it stopped before finishing)");
    }

    private boolean score(String id, PoolChunkRequested request) {
        ChunkTask task = ChunkTask.of(request);
        var outcome = ledger.once(id, task.round(), task.step(), PoolChunkScored.parser(), () -> {
            SelectionSteps.ScoredChunk s = steps.scoreChunk(id, task.specKey(), task.round(), task.labelsKey(),
                    task.checkpointKey(), task.chunk(), task.chunks());
            if (s.earlier()) {
                LOG.infof("%s: chunk %d/%d of %s round %d was scored before", service.instance(), task.chunk() + 1,
                        task.chunks(), id, task.round());
            } else {
                Timer.builder(CHUNK_TIMER).description("Scoring one chunk of a round's pool")
                        .tag("service", service.name()).register(meters).record(Duration.ofNanos((long) (s.seconds() * 1e9)));
                LOG.infof("%s scored chunk %d/%d of %s round %d: %d images in %.1f s", service.instance(),
                        task.chunk() + 1, task.chunks(), id, task.round(), s.images(), s.seconds());
            }
            return PoolChunkScored.newBuilder().setEventId(EventIds.of(id, "pool-chunk-scored-" + task.chunk(), task.round()))
                    .setExperimentId(id).setRound(task.round()).setChunk(task.chunk()).setChunks(task.chunks())
                    .setLabelsKey(request.getLabelsKey()).setKeys(request.getKeys())
                    .setRequestedAtMs(request.getRequestedAtMs()).setResultKey(s.resultKey())
                    .setScoredBy(service.instance()).setImages(s.images()).setSeconds(s.seconds()).build();
        });
        sender.send(scored, id, outcome.event());
        return !outcome.replayed();
    }
}
