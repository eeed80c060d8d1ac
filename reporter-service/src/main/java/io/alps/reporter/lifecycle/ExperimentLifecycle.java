package io.alps.reporter.lifecycle;

import io.alps.api.kind.Kinds;
import io.alps.api.spec.ExperimentSpec;
import io.alps.events.EventIds;
import io.alps.events.v1.ExperimentCancelled;
import io.alps.events.v1.ExperimentCompleted;
import io.alps.events.v1.ExperimentFailed;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.FinalTrained;
import io.alps.events.v1.RoundCompleted;
import io.alps.events.v1.StepFailed;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.service.experiment.Cancellations;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.messaging.Channels;
import io.alps.service.messaging.EventSender;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * The one owner of every experiment's lifecycle: a state machine that starts an experiment and,
 * from the steps' reports, decides what follows: the next round, the kind's final training,
 * completion, or failure. The other services only do their step and report; none of them decides.
 * Its record of each experiment lives in object storage ({@link LifecycleRecords}), so a restart
 * loses nothing. Each decision is taken under that experiment's lock alone: experiments never wait
 * for each other's storage or broker calls.
 *
 * <p>The board is told of the decisions that have no event of their own (a round held for labels,
 * see {@link LabellingDesk}), and of a submit and a cancel at once, so the API shows them even
 * before (or without) the broker delivering their events; it applies each by the same event id
 * the topic later carries, so nothing counts twice.
 */
@ApplicationScoped
public class ExperimentLifecycle {
    private static final Logger LOG = Logger.getLogger(ExperimentLifecycle.class);

    private final ExperimentStore store;
    private final LifecycleRecords records;
    private final LabellingDesk desk;
    private final RoundRequests rounds;
    private final Reports reports;
    private final ExperimentBoard board;
    private final EventSender sender;
    private final Emitter<Record<String, ExperimentRequested>> requests;
    private final Emitter<Record<String, ExperimentCompleted>> completions;
    private final Emitter<Record<String, ExperimentFailed>> failures;
    private final Emitter<Record<String, ExperimentCancelled>> cancels;
    private final Cancellations cancellations;

    public ExperimentLifecycle(ExperimentStore store, LifecycleRecords records, LabellingDesk desk, RoundRequests rounds,
                               Reports reports, ExperimentBoard board, EventSender sender,
                               @Channel(Channels.EXPERIMENT_REQUESTS_OUT) Emitter<Record<String, ExperimentRequested>> requests,
                               @Channel(Channels.EXPERIMENT_COMPLETED_OUT) Emitter<Record<String, ExperimentCompleted>> completions,
                               @Channel(Channels.EXPERIMENT_FAILED_OUT) Emitter<Record<String, ExperimentFailed>> failures,
                               @Channel(Channels.EXPERIMENT_CANCELLED_OUT) Emitter<Record<String, ExperimentCancelled>> cancels,
                               Cancellations cancellations) {
        this.store = store;
        this.records = records;
        this.desk = desk;
        this.rounds = rounds;
        this.reports = reports;
        this.board = board;
        this.sender = sender;
        this.requests = requests;
        this.completions = completions;
        this.failures = failures;
        this.cancels = cancels;
        this.cancellations = cancellations;
    }

    /** Starts a checked spec under {@code id}: its spec and record are stored before anyone hears of it. */
    public void submit(String id, ExperimentSpec spec) {
        records.locked(id, () -> {
            long now = System.currentTimeMillis();
            String specKey = store.putSpec(id, spec);
            records.save(new LifecycleRecord(id, specKey));
            String eventId = EventIds.of(id, "requested");
            try {
                sender.send(requests, id, ExperimentRequested.newBuilder().setEventId(eventId)
                        .setExperimentId(id).setSpecJson(spec.toJson()).setSpecKey(specKey).setRequestedAtMs(now).build());
            } catch (IllegalStateException e) {
                // Nobody heard of it: take back what was stored, so nothing is left half-started.
                records.forget(id, specKey);
                throw new NotPublishedException(id, e);
            }
            board.requested(id, eventId, spec, now);
        });
    }

    /** The broker did not take an experiment's start in time; nothing of it was kept. */
    public static final class NotPublishedException extends RuntimeException {
        public NotPublishedException(String id, Throwable cause) {
            super("the message broker did not take experiment " + id + " in time: " + cause.getMessage(), cause);
        }
    }

    /** Round 0's inputs are stored: train it. */
    public void started(String id, ExperimentStarted e) {
        act(id, e.getEventId(), (record, spec) -> {
            record.theta0Key = e.getTheta0Key();
            record.datasetName = e.getDatasetName();
            record.classNames = new ArrayList<>(e.getClassNamesList());
            requestRound(record, spec, new LifecycleRecord.HeldRound(0, e.getLabelsKey(), e.getTheta0Key()));
        });
    }

    /**
     * Round r is complete: write its reports, then the next round, the final training, or the end.
     * The trainer decides which round is the last (the schedule's, or where the stopping criterion
     * is met), and every step after it passes that on.
     */
    public void roundCompleted(String id, RoundCompleted e) {
        act(id, e.getEventId(), (record, spec) -> {
            int r = e.getRound();
            record.setRound(record.resultKeys, r, e.getResultKey());
            record.setRound(record.checkpointKeys, r, e.getCheckpointKey());
            if (!e.getFinalRound()) {
                // The next round trains while the reports are written.
                requestRound(record, spec, new LifecycleRecord.HeldRound(r + 1, e.getNextLabelsKey(), e.getNextModelKey()));
                reports.roundCompleted(id, spec, record.datasetName, record.resultKeys.subList(0, r + 1));
                return;
            }
            // After the last round the reports are complete before anything says the experiment is.
            reports.roundCompleted(id, spec, record.datasetName, record.resultKeys.subList(0, r + 1));
            if (Kinds.get(spec.kind()).hasFinalTraining(spec)) {
                rounds.finalTraining(record, r, record.resultKeys);
            } else {
                complete(record, List.of());
            }
        });
    }

    /** The kind's final training is done: write its reports and complete. */
    public void finalTrained(String id, FinalTrained e) {
        act(id, e.getEventId(), (record, spec) -> {
            List<String> keys = new ArrayList<>(e.getArtifactKeysList());
            keys.addAll(reports.finalTrained(id, spec, record.datasetName, record.resultKeys, e.getResultKey()));
            complete(record, keys);
        });
    }

    /** A step failed: the experiment fails with the step's reason; later reports of it are dropped. */
    public void stepFailed(String id, StepFailed e) {
        act(id, e.getEventId(), (record, spec) -> fail(record, e.getRound(), e.getService(), e.getStep(), e.getReason()));
    }

    /**
     * A report on {@code topic} could not be read (not an event of that topic): nothing can follow
     * from it, so the experiment its key names fails with that reason instead of waiting for ever.
     */
    public void unreadable(String id, String topic) {
        if (id == null) {
            LOG.warnf("dropped an unreadable record on %s without a key", topic);
            return;
        }
        records.locked(id, () -> {
            LifecycleRecord record;
            try {
                record = records.find(id);
            } catch (IllegalArgumentException notAnId) {
                LOG.warnf("dropped an unreadable record on %s keyed '%s', which is no experiment id", topic, id);
                return;
            }
            if (record == null || record.finished()) {
                return;
            }
            fail(record, -1, "reporter-service", "lifecycle", "a report on " + topic + " could not be read (it is not an "
                    + "event of that topic)");
            records.save(record);
        });
    }

    /** What a cancel request found. */
    public enum CancelOutcome {
        /** It was running and is now cancelled (also when it had been cancelled before). */
        CANCELLED,
        /** It had completed or failed already; nothing changed. */
        FINISHED,
        UNKNOWN
    }

    /**
     * A user stops the experiment: it is marked cancelled for every step (the trainer stops at its
     * next epoch), its record says so, and the board hears it. A repeated cancel sends the event
     * again, so a cancel whose event was lost can be completed by asking once more.
     *
     * @throws CancelNotSent when it is marked cancelled but the broker did not take the notice
     */
    public CancelOutcome cancel(String id) {
        return records.locked(id, () -> {
            LifecycleRecord record = records.find(id);
            if (record == null) {
                return CancelOutcome.UNKNOWN;
            }
            if (record.finished() && record.status != LifecycleRecord.Status.CANCELLED) {
                return CancelOutcome.FINISHED;
            }
            long now = System.currentTimeMillis();
            cancellations.mark(id, now);
            if (record.status != LifecycleRecord.Status.CANCELLED) {
                record.status = LifecycleRecord.Status.CANCELLED;
                records.save(record);
            }
            String eventId = EventIds.of(id, "experiment-cancelled");
            // The board is told here as well, so the view says CANCELLED also when the broker is away.
            board.cancelled(id, eventId);
            try {
                sender.send(cancels, id, ExperimentCancelled.newBuilder().setEventId(eventId)
                        .setExperimentId(id).setCompletedRounds(record.roundsDone() - 1).setCancelledAtMs(now).build());
            } catch (IllegalStateException notTaken) {
                throw new CancelNotSent(id, notTaken);
            }
            return CancelOutcome.CANCELLED;
        });
    }

    /**
     * A cancel is recorded and its steps stop, but the broker did not take the notice (asking again
     * completes it). An {@link IllegalStateException}, as every send the broker did not take.
     */
    public static final class CancelNotSent extends IllegalStateException {
        public CancelNotSent(String id, Throwable cause) {
            super("experiment " + id + " is marked cancelled and its steps stop, but the message broker did not take the "
                    + "notice; ask again to complete it", cause);
        }
    }

    /** The experiment's record, if the lifecycle knows it. */
    public Optional<LifecycleRecord> record(String id) {
        return records.locked(id, () -> Optional.ofNullable(records.find(id)));
    }

    private interface Decision {
        void take(LifecycleRecord record, ExperimentSpec spec);
    }

    /**
     * Applies one step report under the experiment's lock: unknown experiments and finished ones
     * are left alone, a report acted upon before is dropped, and an error while deciding fails the
     * experiment instead of stalling it.
     */
    private void act(String id, String eventId, Decision decision) {
        records.locked(id, () -> {
            LifecycleRecord record = records.find(id);
            if (record == null) {
                LOG.warnf("dropped %s: no experiment %s was started here", eventId, id);
                return;
            }
            if (record.finished() || record.applied.contains(eventId)) {
                return;
            }
            try {
                decision.take(record, store.spec(record.specKey));
            } catch (RuntimeException ex) {
                LOG.errorf(ex, "experiment %s: the lifecycle could not act on %s", id, eventId);
                fail(record, -1, "reporter-service", "lifecycle", "could not act on " + eventId + ": " + ex.getMessage());
            }
            // Recorded after the decision is sent: a crash in between repeats it, and the steps drop repeats.
            record.applied.add(eventId);
            records.save(record);
        });
    }

    /** Asks a trainer for the round, unless the labelling desk holds it until people answer its queries. */
    private void requestRound(LifecycleRecord record, ExperimentSpec spec, LifecycleRecord.HeldRound next) {
        if (!desk.holds(record, spec, next)) {
            rounds.round(record, next);
        }
    }

    private void complete(LifecycleRecord record, List<String> artifactKeys) {
        record.status = LifecycleRecord.Status.COMPLETED;
        sender.send(completions, record.experimentId, ExperimentCompleted.newBuilder()
                .setEventId(EventIds.of(record.experimentId, "experiment-completed")).setExperimentId(record.experimentId)
                .setRounds(record.roundsDone()).addAllArtifactKeys(artifactKeys).build());
    }

    private void fail(LifecycleRecord record, int round, String service, String step, String reason) {
        record.status = LifecycleRecord.Status.FAILED;
        record.failureReason = reason;
        sender.send(failures, record.experimentId, ExperimentFailed.newBuilder()
                .setEventId(EventIds.of(record.experimentId, "experiment-failed")).setExperimentId(record.experimentId)
                .setRound(round).setService(service).setStep(step).setReason(reason).build());
    }
}
