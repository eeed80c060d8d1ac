package io.alps.selector.messaging;

import io.alps.events.EventIds;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.RoundReady;
import io.alps.events.v1.SamplesSelected;
import io.alps.ml.al.ExperimentSpec;
import io.alps.selector.selection.SelectRequest;
import io.alps.selector.selection.Selection;
import io.alps.selector.selection.SelectionSteps;
import io.alps.selector.selection.StartedExperiment;
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

/** ExperimentRequested in, RoundReady(0) out; ModelTrained(r) in, SamplesSelected(r) out. */
@ApplicationScoped
public class SelectorConsumers {
    private final SelectionSteps steps;
    private final StepRunner runner;
    private final StepLedger ledger;
    private final EventSender sender;
    private final Emitter<Record<String, RoundReady>> roundReady;
    private final Emitter<Record<String, SamplesSelected>> selected;

    public SelectorConsumers(SelectionSteps steps, StepRunner runner, StepLedger ledger, EventSender sender,
                             @Channel(Channels.ROUND_READY) Emitter<Record<String, RoundReady>> roundReady,
                             @Channel(Channels.SAMPLES_SELECTED) Emitter<Record<String, SamplesSelected>> selected) {
        this.steps = steps;
        this.runner = runner;
        this.ledger = ledger;
        this.sender = sender;
        this.roundReady = roundReady;
        this.selected = selected;
    }

    @Incoming(Channels.EXPERIMENT_REQUESTED)
    @Blocking
    public void onExperimentRequested(ConsumerRecord<String, ExperimentRequested> record) {
        ExperimentRequested event = record.value();
        String id = record.key();
        runner.run("initial-labels", id, 0, () -> {
            var outcome = ledger.once(id, 0, "round-ready", RoundReady.parser(), () -> {
                ExperimentSpec spec = ExperimentSpec.fromJson(event.getSpecJson());
                return toEvent(steps.start(id, spec));
            });
            sender.send(roundReady, id, outcome.event());
            return !outcome.replayed();
        });
    }

    @Incoming(Channels.MODEL_TRAINED)
    @Blocking
    public void onModelTrained(ConsumerRecord<String, ModelTrained> record) {
        ModelTrained event = record.value();
        String id = record.key();
        runner.run("select", id, event.getRound(), () -> {
            var outcome = ledger.once(id, event.getRound(), "samples-selected", SamplesSelected.parser(),
                    () -> toEvent(steps.select(new SelectRequest(id, event.getRound(), event.getLabelsKey(),
                            event.getCheckpointKey()))));
            sender.send(selected, id, outcome.event());
            return !outcome.replayed();
        });
    }

    private static RoundReady toEvent(StartedExperiment s) {
        return RoundReady.newBuilder().setEventId(EventIds.of(s.experimentId(), "round-ready", 0))
                .setExperimentId(s.experimentId()).setRound(0).setLabelsKey(s.labelsKey()).setModelKey(s.modelKey())
                .setDatasetName(s.datasetName()).build();
    }

    private static SamplesSelected toEvent(Selection s) {
        return SamplesSelected.newBuilder().setEventId(EventIds.of(s.experimentId(), "samples-selected", s.round()))
                .setExperimentId(s.experimentId()).setRound(s.round()).setCheckpointKey(s.checkpointKey())
                .setNextLabelsKey(s.nextLabelsKey()).setSelected(s.selected()).setSelectSeconds(s.seconds())
                .setFinalRound(s.finalRound()).setPoolSize(s.poolSize()).build();
    }
}
