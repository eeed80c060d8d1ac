package io.alps.reporter.lifecycle;

import io.alps.events.EventIds;
import io.alps.events.v1.TrainRequested;
import io.alps.service.messaging.Channels;
import io.alps.service.messaging.EventSender;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Asks the trainers for a round, or for the kind's final training. */
@ApplicationScoped
public class RoundRequests {
    private final EventSender sender;
    private final Emitter<Record<String, TrainRequested>> work;

    public RoundRequests(EventSender sender,
                         @Channel(Channels.TRAIN_REQUESTS_OUT) Emitter<Record<String, TrainRequested>> work) {
        this.sender = sender;
        this.work = work;
    }

    /** Requests round {@code next.round()} from its labelled set and its start model. */
    void round(LifecycleRecord record, LifecycleRecord.HeldRound next) {
        String id = record.experimentId;
        int round = next.round();
        sender.send(work, id, TrainRequested.newBuilder().setEventId(EventIds.of(id, "train-requested", round))
                .setExperimentId(id).setRound(round).setSpecKey(record.specKey).setLabelsKey(next.labelsKey())
                .setModelKey(next.modelKey()).setTheta0Key(record.theta0Key)
                .setPreviousCheckpointKey(round == 0 ? "" : record.checkpointKeys.get(round - 1))
                .setDatasetName(record.datasetName).build());
    }

    /** Requests the kind's final training after {@code lastRound}, from every round's result. */
    void finalTraining(LifecycleRecord record, int lastRound, List<String> resultKeys) {
        String id = record.experimentId;
        sender.send(work, id, TrainRequested.newBuilder().setEventId(EventIds.of(id, "train-requested-final"))
                .setExperimentId(id).setRound(lastRound).setSpecKey(record.specKey).setTheta0Key(record.theta0Key)
                .setFinalTraining(true).addAllResultKeys(resultKeys).setDatasetName(record.datasetName).build());
    }
}
