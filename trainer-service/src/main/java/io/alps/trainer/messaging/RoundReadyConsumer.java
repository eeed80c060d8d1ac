package io.alps.trainer.messaging;

import io.alps.events.EventIds;
import io.alps.events.v1.EpochMetrics;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.RoundReady;
import io.alps.ml.al.RoundResult;
import io.alps.service.messaging.Channels;
import io.alps.service.messaging.EventSender;
import io.alps.service.messaging.ServiceConfig;
import io.alps.service.messaging.StepLedger;
import io.alps.service.messaging.StepRunner;
import io.alps.trainer.training.TrainRequest;
import io.alps.trainer.training.TrainStep;
import io.alps.trainer.training.TrainedRound;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * RoundReady in, ModelTrained out. Training is long, so it runs blocking, one record at a time;
 * the connector keeps polling meanwhile and the record is committed only after the result is sent.
 */
@ApplicationScoped
public class RoundReadyConsumer {
    static final String STEP = "train";

    private final TrainStep step;
    private final StepRunner runner;
    private final StepLedger ledger;
    private final EventSender sender;
    private final ServiceConfig config;
    private final Emitter<Record<String, ModelTrained>> trained;

    public RoundReadyConsumer(TrainStep step, StepRunner runner, StepLedger ledger, EventSender sender,
                              ServiceConfig config,
                              @Channel(Channels.MODEL_TRAINED) Emitter<Record<String, ModelTrained>> trained) {
        this.step = step;
        this.runner = runner;
        this.ledger = ledger;
        this.sender = sender;
        this.config = config;
        this.trained = trained;
    }

    @Incoming(Channels.ROUND_READY)
    @Blocking
    public void onRoundReady(ConsumerRecord<String, RoundReady> record) {
        RoundReady event = record.value();
        String id = record.key();
        int round = event == null ? -1 : event.getRound();
        runner.run(STEP, id, round, () -> {
            if (event == null) {
                throw new IllegalArgumentException("the record on " + record.topic() + " is not a RoundReady event");
            }
            var outcome = ledger.once(id, round, "model-trained", ModelTrained.parser(),
                    () -> toEvent(step.train(new TrainRequest(id, round, event.getLabelsKey(), event.getModelKey()))));
            sender.send(trained, id, outcome.event());
            return !outcome.replayed();
        });
    }

    private ModelTrained toEvent(TrainedRound t) {
        RoundResult r = t.result();
        ModelTrained.Builder b = ModelTrained.newBuilder()
                .setEventId(EventIds.of(t.experimentId(), "model-trained", t.round()))
                .setExperimentId(t.experimentId()).setRound(t.round()).setLabelsKey(t.labelsKey())
                .setCheckpointKey(t.checkpointKey()).setResultKey(t.resultKey()).setLabeled(r.labeled())
                .setTestAccuracy(r.testAccuracy()).setTestLoss(r.testLoss()).setParameters(r.parameters())
                .setMacs(r.macs()).setTrainSeconds(r.trainSeconds()).setTrainedBy(config.instance());
        for (var m : r.history()) {
            b.addEpochs(EpochMetrics.newBuilder().setEpoch(m.epoch()).setTrainLoss(m.trainLoss())
                    .setTrainAccuracy(m.trainAccuracy()).setTestLoss(m.testLoss()).setTestAccuracy(m.testAccuracy())
                    .setSeconds(m.seconds()).setImagesPerSecond(m.imagesPerSecond()));
        }
        return b.build();
    }
}
