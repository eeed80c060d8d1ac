package io.alps.selector.messaging;

import io.alps.events.EventIds;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.ModelTrained;
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

/** ExperimentRequested in, ExperimentStarted out; ModelTrained(r) in, SamplesSelected(r) out. */
@ApplicationScoped
public class SelectorConsumers {
    private final SelectionSteps steps;
    private final StepRunner runner;
    private final StepLedger ledger;
    private final EventSender sender;
    private final Emitter<Record<String, ExperimentStarted>> started;
    private final Emitter<Record<String, SamplesSelected>> selected;

    public SelectorConsumers(SelectionSteps steps, StepRunner runner, StepLedger ledger, EventSender sender,
                             @Channel(Channels.EXPERIMENT_STARTED) Emitter<Record<String, ExperimentStarted>> started,
                             @Channel(Channels.SAMPLES_SELECTED) Emitter<Record<String, SamplesSelected>> selected) {
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
            var outcome = ledger.once(id, round, "samples-selected", SamplesSelected.parser(), () -> toEvent(id, event));
            sender.send(selected, id, outcome.event());
            return !outcome.replayed();
        });
    }

    private SamplesSelected toEvent(String id, ModelTrained t) {
        SamplesSelected.Builder b = SamplesSelected.newBuilder()
                .setEventId(EventIds.of(id, "samples-selected", t.getRound())).setExperimentId(id).setRound(t.getRound())
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
