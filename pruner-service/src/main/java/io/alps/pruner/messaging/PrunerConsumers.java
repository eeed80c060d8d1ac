package io.alps.pruner.messaging;

import io.alps.events.EventIds;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.RoundCompleted;
import io.alps.events.v1.RoundKeys;
import io.alps.events.v1.SamplesSelected;
import io.alps.pruner.rounds.RoundTransitions;
import io.alps.service.engine.Prefetcher;
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

/** SamplesSelected(r) in, RoundCompleted(r) out; ExperimentRequested only loads the data set ahead. */
@ApplicationScoped
public class PrunerConsumers {
    private final RoundTransitions transitions;
    private final ExperimentStore store;
    private final StepRunner runner;
    private final StepLedger ledger;
    private final EventSender sender;
    private final Prefetcher prefetcher;
    private final Emitter<Record<String, RoundCompleted>> completed;

    public PrunerConsumers(RoundTransitions transitions, ExperimentStore store, StepRunner runner,
                                   StepLedger ledger, EventSender sender, Prefetcher prefetcher,
                                   @Channel(Channels.ROUND_COMPLETED) Emitter<Record<String, RoundCompleted>> completed) {
        this.transitions = transitions;
        this.store = store;
        this.runner = runner;
        this.ledger = ledger;
        this.sender = sender;
        this.prefetcher = prefetcher;
        this.completed = completed;
    }

    @Incoming(Channels.EXPERIMENT_REQUESTED)
    public void onExperimentRequested(ConsumerRecord<String, ExperimentRequested> record) {
        prefetcher.prefetch(record.key(), record.value());
    }

    @Incoming(Channels.SAMPLES_SELECTED)
    @Blocking
    public void onSamplesSelected(ConsumerRecord<String, SamplesSelected> record) {
        SamplesSelected e = record.value();
        String id = record.key();
        int r = e == null ? -1 : e.getRound();
        runner.run("complete-round", id, r, () -> {
            if (e == null) {
                throw new IllegalArgumentException("the record on " + record.topic() + " is not a SamplesSelected event");
            }
            var done = ledger.once(id, r, "round-completed", RoundCompleted.parser(), () -> {
                RoundKeys keys = e.getKeys();
                var c = transitions.complete(new RoundTransitions.SelectedRound(id, r, keys.getSpecKey(),
                        keys.getCheckpointKey(), keys.getTrainResultKey(), keys.getPreviousCheckpointKey(),
                        keys.getTheta0Key(), e.getNextLabelsKey(), e.getSelectSeconds(), e.getFinalRound()));
                return RoundCompleted.newBuilder().setEventId(EventIds.of(id, "round-completed", r)).setExperimentId(id)
                        .setRound(r).setExtrasJson(store.toJson(c.extras())).setResultKey(c.resultKey())
                        .addAllArtifactKeys(c.artifactKeys()).setCheckpointKey(keys.getCheckpointKey())
                        .setNextLabelsKey(e.getNextLabelsKey()).setNextModelKey(c.nextModelKey())
                        .setFinalRound(e.getFinalRound()).build();
            });
            sender.send(completed, id, done.event());
            return !done.replayed();
        });
    }
}
