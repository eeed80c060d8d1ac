package io.alps.pruner.messaging;

import io.alps.events.EventIds;
import io.alps.events.v1.ExperimentCompleted;
import io.alps.events.v1.RoundCompleted;
import io.alps.events.v1.RoundReady;
import io.alps.events.v1.SamplesSelected;
import io.alps.pruner.rounds.CompletedRound;
import io.alps.pruner.rounds.FinishedExperiment;
import io.alps.pruner.rounds.NextRound;
import io.alps.pruner.rounds.RoundTransitions;
import io.alps.pruner.rounds.SelectedRound;
import io.alps.service.experiment.ExperimentStore;
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
 * SamplesSelected(r) in; RoundCompleted(r) out, then RoundReady(r+1), or after the last round
 * ExperimentCompleted. Each output is its own idempotent step, so a redelivery redoes neither.
 */
@ApplicationScoped
public class SamplesSelectedConsumer {
    private final RoundTransitions transitions;
    private final ExperimentStore store;
    private final StepRunner runner;
    private final StepLedger ledger;
    private final EventSender sender;
    private final Emitter<Record<String, RoundCompleted>> completed;
    private final Emitter<Record<String, RoundReady>> ready;
    private final Emitter<Record<String, ExperimentCompleted>> finished;

    public SamplesSelectedConsumer(RoundTransitions transitions, ExperimentStore store, StepRunner runner,
                                   StepLedger ledger, EventSender sender,
                                   @Channel(Channels.ROUND_COMPLETED) Emitter<Record<String, RoundCompleted>> completed,
                                   @Channel(Channels.ROUND_READY) Emitter<Record<String, RoundReady>> ready,
                                   @Channel(Channels.EXPERIMENT_COMPLETED) Emitter<Record<String, ExperimentCompleted>> finished) {
        this.transitions = transitions;
        this.store = store;
        this.runner = runner;
        this.ledger = ledger;
        this.sender = sender;
        this.completed = completed;
        this.ready = ready;
        this.finished = finished;
    }

    @Incoming(Channels.SAMPLES_SELECTED)
    @Blocking
    public void onSamplesSelected(ConsumerRecord<String, SamplesSelected> record) {
        SamplesSelected event = record.value();
        String id = record.key();
        int r = event.getRound();
        SelectedRound round = new SelectedRound(id, r, event.getCheckpointKey(), event.getNextLabelsKey(),
                event.getSelectSeconds(), event.getFinalRound());
        runner.run(event.getFinalRound() ? "finish" : "prepare-next-round", id, r, () -> {
            var done = ledger.once(id, r, "round-completed", RoundCompleted.parser(),
                    () -> toEvent(transitions.complete(round)));
            sender.send(completed, id, done.event());
            if (round.finalRound()) {
                var end = ledger.once(id, r, "experiment-completed", ExperimentCompleted.parser(),
                        () -> toEvent(transitions.finish(round)));
                sender.send(finished, id, end.event());
                return !end.replayed();
            }
            var next = ledger.once(id, r + 1, "round-ready", RoundReady.parser(), () -> toEvent(transitions.next(round)));
            sender.send(ready, id, next.event());
            return !next.replayed();
        });
    }

    private RoundCompleted toEvent(CompletedRound c) {
        return RoundCompleted.newBuilder().setEventId(EventIds.of(c.experimentId(), "round-completed", c.round()))
                .setExperimentId(c.experimentId()).setRound(c.round()).setExtrasJson(store.toJson(c.extras()))
                .setResultKey(c.resultKey()).addAllArtifactKeys(c.artifactKeys()).build();
    }

    private static RoundReady toEvent(NextRound n) {
        return RoundReady.newBuilder().setEventId(EventIds.of(n.experimentId(), "round-ready", n.round()))
                .setExperimentId(n.experimentId()).setRound(n.round()).setLabelsKey(n.labelsKey())
                .setModelKey(n.modelKey()).setDatasetName(n.datasetName()).build();
    }

    private static ExperimentCompleted toEvent(FinishedExperiment f) {
        return ExperimentCompleted.newBuilder().setEventId(EventIds.of(f.experimentId(), "experiment-completed"))
                .setExperimentId(f.experimentId()).setRounds(f.rounds()).addAllArtifactKeys(f.artifactKeys()).build();
    }
}
