package io.alps.trainer.messaging;

import io.alps.events.EventIds;
import io.alps.events.Topics;
import io.alps.events.serde.TrainRequestedDeserializer;
import io.alps.events.v1.EpochMetrics;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.FinalTrained;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.RoundKeys;
import io.alps.events.v1.TrainRequested;
import io.alps.api.result.RoundResult;
import io.alps.service.engine.Prefetcher;
import io.alps.service.experiment.Cancellations;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import io.alps.service.messaging.Channels;
import io.alps.service.messaging.EventSender;
import io.alps.service.messaging.ServiceConfig;
import io.alps.service.messaging.ShareGroupWorker;
import io.alps.service.messaging.StepClaims;
import io.alps.service.messaging.StepFailure;
import io.alps.service.messaging.StepLedger;
import io.alps.service.messaging.StepRunner;
import io.alps.trainer.config.TrainerConfig;
import io.alps.trainer.training.TrainStep;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.alps.ml.backend.Backend;
import io.alps.ml.backend.RunSlots;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The trainer's messaging edge. Train requests arrive through a Kafka share group, so whichever
 * trainer is idle takes the next one whatever its partition, a long round keeps its lock while it
 * trains, and a trainer that dies hands its request to another. ModelTrained / FinalTrained go out
 * through ordinary channels; requests only start a data load ahead.
 */
@ApplicationScoped
public class TrainRequestConsumer {
    static final String TRAIN = "train";
    static final String FINAL = "final-training";
    private static final String TRAINED_EVENT = "model-trained";
    private static final String FINAL_EVENT = "final-trained";

    private final TrainStep step;
    private final StepRunner runner;
    private final StepLedger ledger;
    private final EventSender sender;
    private final ServiceConfig service;
    private final TrainerConfig config;
    private final Prefetcher prefetcher;
    private final Emitter<Record<String, ModelTrained>> trained;
    private final Emitter<Record<String, FinalTrained>> finalTrained;
    private final Emitter<TrainRequested> deadLetters;
    private final String bootstrap;
    private final Cancellations cancellations;
    private final StepClaims claims;
    private final List<ShareGroupWorker<TrainRequested>> workers = new CopyOnWriteArrayList<>();
    /** Two rounds that do not fit in memory together are trained again one at a time. */
    private volatile RunSlots slots = new RunSlots(1);

    public TrainRequestConsumer(TrainStep step, StepRunner runner, StepLedger ledger, EventSender sender,
                                ServiceConfig service, TrainerConfig config, Prefetcher prefetcher,
                                @Channel(Channels.MODEL_TRAINED) Emitter<Record<String, ModelTrained>> trained,
                                @Channel(Channels.FINAL_TRAINED) Emitter<Record<String, FinalTrained>> finalTrained,
                                @Channel(Channels.DEAD_LETTER_OUT) Emitter<TrainRequested> deadLetters,
                                @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                                ObjectStore objects, Cancellations cancellations) {
        this.step = step;
        this.runner = runner;
        this.ledger = ledger;
        this.sender = sender;
        this.service = service;
        this.config = config;
        this.prefetcher = prefetcher;
        this.trained = trained;
        this.finalTrained = finalTrained;
        this.deadLetters = deadLetters;
        this.bootstrap = bootstrap;
        this.cancellations = cancellations;
        this.claims = new StepClaims(objects, service.instance(), config.claimBeatEvery(), config.claimExpiresAfter());
    }

    void start(@Observes StartupEvent event) {
        int count = config.roundsAtATime().orElseGet(Backend::defaultRunsAtATime);
        if (count < 1) {
            throw new IllegalArgumentException("alps.trainer.rounds-at-a-time must be at least 1, got " + count);
        }
        slots = new RunSlots(count);
        // Each worker holds one request at a time, so `count` workers train `count` rounds at once.
        for (int i = 1; i <= count; i++) {
            workers.add(ShareGroupWorker.start(config.workerSettings(bootstrap, Topics.TRAIN_REQUESTED,
                    count == 1 ? service.instance() : service.instance() + "-" + i),
                    new TrainRequestedDeserializer(), this::handle, this::poison, this::triedTooOften));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        // All at once, so that several workers' stops overlap instead of adding up.
        workers.forEach(ShareGroupWorker::requestStop);
        workers.forEach(ShareGroupWorker::close);
        claims.close();
    }

    /** For the readiness check: every share-group worker is polling. */
    public boolean healthy() {
        return !workers.isEmpty() && workers.stream().allMatch(ShareGroupWorker::healthy);
    }

    @Incoming(Channels.EXPERIMENT_REQUESTED)
    public void onExperimentRequested(ConsumerRecord<String, ExperimentRequested> record) {
        prefetcher.prefetch(record.key(), record.value());
    }

    ShareGroupWorker.Ack handle(ShareGroupWorker.Delivery<TrainRequested> d) {
        String id = d.key();
        TrainRequested request = d.value();
        int round = request == null ? -1 : request.getRound();
        boolean finalTraining = request != null && request.getFinalTraining();
        try {
            runner.run(finalTraining ? FINAL : TRAIN, id, round, () -> {
                if (request == null) {
                    throw new IllegalArgumentException("the record on " + d.topic() + " is not a TrainRequested event");
                }
                return finalTraining ? trainFinal(id, request) : trainRound(id, request);
            });
            return ShareGroupWorker.Ack.ACCEPT;
        } catch (StepFailure reported) {
            // Deterministic: the lifecycle has the failure; another delivery would fail the same way.
            if (request != null) {
                deadLetter(id, request, reported.getMessage());
            }
            return ShareGroupWorker.Ack.REJECT;
        }
    }

    /**
     * A request delivered often is poison only when that many trainers really started it and died
     * (their claims count the tries); a broker restart also raises the count without any try.
     */
    boolean triedTooOften(ShareGroupWorker.Delivery<TrainRequested> d) {
        TrainRequested request = d.value();
        if (request == null || d.key() == null) {
            return true;
        }
        String claim = request.getFinalTraining() ? StorageKeys.claim(d.key(), FINAL_EVENT)
                : StorageKeys.claim(d.key(), request.getRound(), TRAINED_EVENT);
        return claims.attempts(claim) >= config.maxDeliveries();
    }

    void poison(ShareGroupWorker.Delivery<TrainRequested> d, String reason) {
        TrainRequested request = d.value();
        runner.fail(request != null && request.getFinalTraining() ? FINAL : TRAIN, d.key(),
                request == null ? -1 : request.getRound(), "the train request was " + reason
                        + " (each trainer that took it stopped before finishing)");
    }

    /** As the connector's dead-letter strategy does for the other consumers: the record, with the reason in a header. */
    private void deadLetter(String id, TrainRequested request, String reason) {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders()
                .add("dead-letter-reason", reason.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .add("dead-letter-topic", Topics.TRAIN_REQUESTED.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var sent = new java.util.concurrent.CompletableFuture<Void>();
        try {
            deadLetters.send(org.eclipse.microprofile.reactive.messaging.Message.of(request)
                    .withAck(() -> {
                        sent.complete(null);
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    })
                    .withNack(e -> {
                        sent.completeExceptionally(e);
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    })
                    .addMetadata(io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(id).withHeaders(headers).build()));
            sent.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            org.jboss.logging.Logger.getLogger(TrainRequestConsumer.class).warnf("could not dead-letter %s: %s", id, e);
        }
    }

    private boolean trainRound(String id, TrainRequested request) {
        int round = request.getRound();
        var outcome = ledger.onceAlone(id, round, TRAINED_EVENT, ModelTrained.parser(), claims,
                () -> cancellations.stopIfCancelled(id), () -> toEvent(id, request,
                        slots.run(id + " round " + round, () -> step.train(id, request))));
        sender.send(trained, id, outcome.event());
        return !outcome.replayed();
    }

    private boolean trainFinal(String id, TrainRequested request) {
        var outcome = ledger.onceAlone(id, FINAL_EVENT, FinalTrained.parser(), claims,
                () -> cancellations.stopIfCancelled(id), () -> {
            TrainStep.FinalRun run = slots.run(id + " final training", () -> step.finalTraining(id, request));
            return FinalTrained.newBuilder().setEventId(EventIds.of(id, "final-trained")).setExperimentId(id)
                    .setResultKey(run.resultKey()).addAllArtifactKeys(run.artifactKeys())
                    .setTrainedBy(service.instance()).setTrainSeconds(run.seconds()).build();
        });
        sender.send(finalTrained, id, outcome.event());
        return !outcome.replayed();
    }

    private ModelTrained toEvent(String id, TrainRequested request, TrainStep.TrainedRound t) {
        RoundResult r = t.result();
        ModelTrained.Builder b = ModelTrained.newBuilder()
                .setEventId(EventIds.of(id, "model-trained", request.getRound())).setExperimentId(id)
                .setRound(request.getRound()).setLabelsKey(request.getLabelsKey())
                .setKeys(RoundKeys.newBuilder().setSpecKey(request.getSpecKey()).setTheta0Key(request.getTheta0Key())
                        .setPreviousCheckpointKey(request.getPreviousCheckpointKey())
                        .setCheckpointKey(t.checkpointKey()).setTrainResultKey(t.resultKey()))
                .setFinalRound(t.lastRound())
                .setLabeled(r.labeled()).setTestAccuracy(r.testAccuracy()).setTestLoss(r.testLoss())
                .setParameters(r.parameters()).setMacs(r.macs()).setTrainSeconds(r.trainSeconds())
                .setTrainedBy(service.instance());
        for (var m : r.history()) {
            b.addEpochs(EpochMetrics.newBuilder().setEpoch(m.epoch()).setTrainLoss(m.trainLoss())
                    .setTrainAccuracy(m.trainAccuracy()).setTestLoss(m.testLoss()).setTestAccuracy(m.testAccuracy())
                    .setSeconds(m.seconds()).setImagesPerSecond(m.imagesPerSecond()));
        }
        return b.build();
    }
}
