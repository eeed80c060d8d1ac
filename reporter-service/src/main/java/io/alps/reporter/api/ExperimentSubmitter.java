package io.alps.reporter.api;

import io.alps.events.EventIds;
import io.alps.events.v1.ExperimentRequested;
import io.alps.ml.al.ExperimentMethods;
import io.alps.ml.al.ExperimentSpec;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.messaging.Channels;
import io.alps.service.messaging.EventSender;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Checks a spec against what the services can run and starts it: stores the spec, then publishes the request. */
@ApplicationScoped
public class ExperimentSubmitter {
    private final ExperimentBoard board;
    private final ExperimentStore store;
    private final EventSender sender;
    private final Emitter<Record<String, ExperimentRequested>> requests;

    public ExperimentSubmitter(ExperimentBoard board, ExperimentStore store, EventSender sender,
                               @Channel(Channels.EXPERIMENT_REQUESTS_OUT) Emitter<Record<String, ExperimentRequested>> requests) {
        this.board = board;
        this.store = store;
        this.sender = sender;
        this.requests = requests;
    }

    /** Every reason the services cannot run this spec, as "field: problem"; empty when they can. */
    public List<String> problems(ExperimentSpec spec) {
        List<String> errors = new ArrayList<>(spec.validate());
        if (errors.stream().noneMatch(s -> s.startsWith("kind:"))) {
            try {
                ExperimentMethods.get(spec.kind());
            } catch (IllegalArgumentException e) {
                errors.add("kind: '" + spec.kind() + "' is not available in this build: " + e.getMessage());
            }
        }
        if (spec.rewind().startsWith("epoch:")) {
            // The weights after epoch E are captured inside the trainer's process, the rewind happens
            // in the pruner's: the services cannot hand that snapshot over yet.
            errors.add("rewind: '" + spec.rewind() + "' (late rewinding) runs only in one process (./alps lth); "
                    + "the services support theta0, random and keep");
        }
        return errors;
    }

    public static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }

    /** Starts a checked spec under {@code id}. */
    public void submit(String id, ExperimentSpec spec) {
        long now = System.currentTimeMillis();
        store.putSpec(id, spec);
        ExperimentRequested event = ExperimentRequested.newBuilder().setEventId(EventIds.of(id, "requested"))
                .setExperimentId(id).setSpecJson(spec.toJson()).setRequestedAtMs(now).build();
        board.requested(id, null, spec, now);
        sender.send(requests, id, event);
    }
}
