package io.alps.reporter.lifecycle;

import io.alps.api.kind.Kinds;
import io.alps.api.oracle.Oracles;
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
import io.alps.events.v1.TrainRequested;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.service.experiment.Cancellations;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.messaging.Channels;
import io.alps.service.messaging.EventSender;
import io.alps.service.storage.StorageKeys;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * The one owner of every experiment's lifecycle. It starts an experiment, and from the steps'
 * reports decides what follows: the next round, the kind's final training, completion, or failure.
 * The other services only do their step and report; none of them decides. Its record of each
 * experiment lives in object storage ({@link LifecycleRecord}), so a restart loses nothing.
 */
@ApplicationScoped
public class ExperimentLifecycle {
    private static final Logger LOG = Logger.getLogger(ExperimentLifecycle.class);
    private static final int KEEP = 256;

    private final ExperimentStore store;
    private final Reports reports;
    private final ExperimentBoard board;
    private final EventSender sender;
    private final Emitter<Record<String, ExperimentRequested>> requests;
    private final Emitter<Record<String, TrainRequested>> work;
    private final Emitter<Record<String, ExperimentCompleted>> completions;
    private final Emitter<Record<String, ExperimentFailed>> failures;
    private final Emitter<Record<String, ExperimentCancelled>> cancels;
    private final Cancellations cancellations;
    private final Map<String, LifecycleRecord> records = new LinkedHashMap<>(64, 0.75f, true);

    public ExperimentLifecycle(ExperimentStore store, Reports reports, ExperimentBoard board, EventSender sender,
                               @Channel(Channels.EXPERIMENT_REQUESTS_OUT) Emitter<Record<String, ExperimentRequested>> requests,
                               @Channel(Channels.TRAIN_REQUESTS_OUT) Emitter<Record<String, TrainRequested>> work,
                               @Channel(Channels.EXPERIMENT_COMPLETED_OUT) Emitter<Record<String, ExperimentCompleted>> completions,
                               @Channel(Channels.EXPERIMENT_FAILED_OUT) Emitter<Record<String, ExperimentFailed>> failures,
                               @Channel(Channels.EXPERIMENT_CANCELLED_OUT) Emitter<Record<String, ExperimentCancelled>> cancels,
                               Cancellations cancellations) {
        this.cancels = cancels;
        this.cancellations = cancellations;
        this.store = store;
        this.reports = reports;
        this.board = board;
        this.sender = sender;
        this.requests = requests;
        this.work = work;
        this.completions = completions;
        this.failures = failures;
    }

    /** Starts a checked spec under {@code id}: its spec and record are stored before anyone hears of it. */
    public synchronized void submit(String id, ExperimentSpec spec) {
        long now = System.currentTimeMillis();
        String specKey = store.putSpec(id, spec);
        save(new LifecycleRecord(id, specKey));
        try {
            sender.send(requests, id, ExperimentRequested.newBuilder().setEventId(EventIds.of(id, "requested"))
                    .setExperimentId(id).setSpecJson(spec.toJson()).setSpecKey(specKey).setRequestedAtMs(now).build());
        } catch (IllegalStateException e) {
            // Nobody heard of it: take back what was stored, so nothing is left half-started.
            store.objects().delete(StorageKeys.lifecycle(id));
            store.objects().delete(specKey);
            throw new NotPublishedException(id, e);
        }
        board.requested(id, null, spec, now);
    }

    /** The broker did not take an experiment's start in time; nothing of it was kept. */
    public static final class NotPublishedException extends RuntimeException {
        public NotPublishedException(String id, Throwable cause) {
            super("the message broker did not take experiment " + id + " in time: " + cause.getMessage(), cause);
        }
    }

    /** Round 0's inputs are stored: train it. */
    public synchronized void started(String id, ExperimentStarted e) {
        act(id, e.getEventId(), (record, spec) -> {
            record.theta0Key = e.getTheta0Key();
            record.datasetName = e.getDatasetName();
            record.classNames = new ArrayList<>(e.getClassNamesList());
            requestRound(record, spec, 0, e.getLabelsKey(), e.getTheta0Key());
        });
    }

    /**
     * Round r is complete: write its reports, then the next round, the final training, or the end.
     * The trainer decides which round is the last (the schedule's, or where the stopping criterion
     * is met), and every step after it passes that on.
     */
    public synchronized void roundCompleted(String id, RoundCompleted e) {
        act(id, e.getEventId(), (record, spec) -> {
            int r = e.getRound();
            record.setRound(record.resultKeys, r, e.getResultKey());
            record.setRound(record.checkpointKeys, r, e.getCheckpointKey());
            if (!e.getFinalRound()) {
                // The next round trains while the reports are written.
                requestRound(record, spec, r + 1, e.getNextLabelsKey(), e.getNextModelKey());
                reports.roundCompleted(id, spec, record.datasetName, record.resultKeys.subList(0, r + 1));
                return;
            }
            // After the last round the reports are complete before anything says the experiment is.
            reports.roundCompleted(id, spec, record.datasetName, record.resultKeys.subList(0, r + 1));
            if (Kinds.get(spec.kind()).hasFinalTraining(spec)) {
                sender.send(work, id, TrainRequested.newBuilder().setEventId(EventIds.of(id, "train-requested-final"))
                        .setExperimentId(id).setRound(r).setSpecKey(record.specKey).setTheta0Key(record.theta0Key)
                        .setFinalTraining(true).addAllResultKeys(record.resultKeys)
                        .setDatasetName(record.datasetName).build());
            } else {
                complete(record, spec, List.of());
            }
        });
    }

    /** The kind's final training is done: write its reports and complete. */
    public synchronized void finalTrained(String id, FinalTrained e) {
        act(id, e.getEventId(), (record, spec) -> {
            List<String> keys = new ArrayList<>(e.getArtifactKeysList());
            keys.addAll(reports.finalTrained(id, spec, record.datasetName, record.resultKeys, e.getResultKey()));
            complete(record, spec, keys);
        });
    }

    /** A step failed: the experiment fails with the step's reason; later reports of it are dropped. */
    public synchronized void stepFailed(String id, StepFailed e) {
        act(id, e.getEventId(), (record, spec) -> fail(record, e.getRound(), e.getService(), e.getStep(), e.getReason()));
    }

    /**
     * A report on {@code topic} could not be read (not an event of that topic): nothing can follow
     * from it, so the experiment its key names fails with that reason instead of waiting for ever.
     */
    public synchronized void unreadable(String id, String topic) {
        if (id == null) {
            LOG.warnf("dropped an unreadable record on %s without a key", topic);
            return;
        }
        LifecycleRecord record;
        try {
            record = load(id);
        } catch (IllegalArgumentException notAnId) {
            LOG.warnf("dropped an unreadable record on %s keyed '%s', which is no experiment id", topic, id);
            return;
        }
        if (record == null || record.finished()) {
            return;
        }
        fail(record, -1, "reporter-service", "lifecycle", "a report on " + topic + " could not be read (it is not an "
                + "event of that topic)");
        save(record);
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
     */
    public synchronized CancelOutcome cancel(String id) {
        LifecycleRecord record = load(id);
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
            save(record);
        }
        int done = record.roundsDone();
        String eventId = EventIds.of(id, "experiment-cancelled");
        // The board is told here as well, so the view says CANCELLED also when the broker is away.
        board.cancelled(id, eventId);
        sender.send(cancels, id, ExperimentCancelled.newBuilder().setEventId(eventId)
                .setExperimentId(id).setCompletedRounds(done - 1).setCancelledAtMs(now).build());
        return CancelOutcome.CANCELLED;
    }

    /** The experiment's record, if the lifecycle knows it. */
    public synchronized Optional<LifecycleRecord> record(String id) {
        return Optional.ofNullable(load(id));
    }

    private interface Decision {
        void take(LifecycleRecord record, ExperimentSpec spec);
    }

    /**
     * Applies one step report: unknown experiments and finished ones are left alone, a report acted
     * upon before is dropped, and an error while deciding fails the experiment instead of stalling it.
     */
    private void act(String id, String eventId, Decision decision) {
        LifecycleRecord record = load(id);
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
        save(record);
    }

    /**
     * Asks a trainer for round {@code round}, or, when people label and some of its labels are not
     * answered yet, holds it until they are ({@link #answer}).
     */
    private void requestRound(LifecycleRecord record, ExperimentSpec spec, int round, String labelsKey, String modelKey) {
        LifecycleRecord.HeldRound next = new LifecycleRecord.HeldRound(round, labelsKey, modelKey);
        if (Oracles.get(spec.oracleName()).asksPeople()
                && !unanswered(store.labels(labelsKey), store.answers(record.experimentId)).isEmpty()) {
            record.held = next;
            board.awaitingLabels(record.experimentId, EventIds.of(record.experimentId, "labels-requested", round), round);
            return;
        }
        sendRound(record, spec, next);
    }

    private void sendRound(LifecycleRecord record, ExperimentSpec spec, LifecycleRecord.HeldRound next) {
        String id = record.experimentId;
        int round = next.round();
        sender.send(work, id, TrainRequested.newBuilder().setEventId(EventIds.of(id, "train-requested", round))
                .setExperimentId(id).setRound(round).setSpecKey(record.specKey).setLabelsKey(next.labelsKey())
                .setModelKey(next.modelKey()).setTheta0Key(record.theta0Key)
                .setPreviousCheckpointKey(round == 0 ? "" : record.checkpointKeys.get(round - 1))
                .setDatasetName(record.datasetName).build());
    }

    /** The samples of a round's labelled set ({@code ids}, sorted) nobody has answered yet, in id order. */
    private static List<Integer> unanswered(int[] ids, Map<Integer, String> answers) {
        List<Integer> open = new ArrayList<>();
        for (int sample : ids) {
            if (!answers.containsKey(sample)) {
                open.add(sample);
            }
        }
        return open;
    }

    /**
     * What people are asked now: the held round, its samples still unanswered, how many it asked in
     * all (its new samples), and the classes to answer with. No round is held when {@code round} is null.
     */
    public record Queries(String experimentId, Integer round, List<Integer> open, int asked, List<String> classes) {
    }

    /** Refused answers: each problem names the sample or the class; nothing of the request was kept. */
    public static final class AnswersRefused extends RuntimeException {
        private final List<String> errors;
        private final boolean conflict;

        AnswersRefused(List<String> errors, boolean conflict) {
            super(String.join("; ", errors));
            this.errors = List.copyOf(errors);
            this.conflict = conflict;
        }

        public List<String> errors() {
            return errors;
        }

        /** The experiment takes no answers at all (not labelled by people, or finished), rather than bad ones. */
        public boolean conflict() {
            return conflict;
        }
    }

    /** The open queries of an experiment labelled by people; empty when the lifecycle does not know it. */
    public synchronized Optional<Queries> queries(String id) {
        LifecycleRecord record = load(id);
        if (record == null) {
            return Optional.empty();
        }
        requirePeople(record, store.spec(record.specKey));
        boolean holds = record.held != null && !record.finished();
        return Optional.of(queries(record, holds ? store.labels(record.held.labelsKey()) : null,
                holds ? store.answers(id) : Map.of()));
    }

    /** The open queries from the held round's labelled set ({@code heldIds}, null when none is held) and the answers. */
    private Queries queries(LifecycleRecord record, int[] heldIds, Map<Integer, String> answers) {
        if (heldIds == null) {
            return new Queries(record.experimentId, null, List.of(), 0, record.classNames);
        }
        int round = record.held.round();
        // The round asks for the samples its set adds to the previous round's.
        int before = round == 0 ? 0 : store.labels(StorageKeys.labels(record.experimentId, round - 1)).length;
        return new Queries(record.experimentId, round, unanswered(heldIds, answers), heldIds.length - before,
                record.classNames);
    }

    /**
     * People's answers ({@code labels}: sample id -> class name). All are checked before any is kept:
     * a sample must be asked for (now or earlier), a class must be the data set's, and a label
     * trained on cannot change; answering again with the same label changes nothing. Once the held
     * round has every label, it is requested.
     *
     * @return the open queries after these answers; empty when the lifecycle does not know the experiment
     * @throws AnswersRefused naming every problem
     * @throws IllegalStateException when the answers are kept but the broker did not take the round (asking again sends it)
     */
    public synchronized Optional<Queries> answer(String id, Map<String, String> labels) {
        LifecycleRecord record = load(id);
        if (record == null) {
            return Optional.empty();
        }
        ExperimentSpec spec = store.spec(record.specKey);
        requirePeople(record, spec);
        if (record.finished()) {
            throw new AnswersRefused(List.of("experiment " + id + " is " + record.status.name().toLowerCase(java.util.Locale.ROOT)
                    + "; it takes no more labels"), true);
        }
        Map<Integer, String> answers = store.answers(id);
        int[] heldIds = record.held == null ? null : store.labels(record.held.labelsKey());
        java.util.Set<Integer> heldSamples = new java.util.HashSet<>();
        java.util.Set<Integer> trained = new java.util.HashSet<>(answers.keySet());
        if (heldIds != null) {
            for (int sample : heldIds) {
                heldSamples.add(sample);
                trained.remove(sample);
            }
        }
        List<String> errors = new ArrayList<>();
        Map<Integer, String> given = new java.util.TreeMap<>();
        labels.forEach((key, label) -> {
            Integer sample = key != null && key.matches("\\d{1,9}") ? Integer.valueOf(key) : null;
            if (sample == null) {
                errors.add("labels: '" + key + "' is not a sample id");
            } else if (label == null || !record.classNames.contains(label)) {
                errors.add("labels: sample " + sample + ": unknown class '" + label + "' (classes: "
                        + String.join(", ", record.classNames) + ")");
            } else if (trained.contains(sample)) {
                if (!answers.get(sample).equals(label)) {
                    errors.add("labels: sample " + sample + " was labelled '" + answers.get(sample) + "' and trained on; "
                            + "that label cannot change");
                }
            } else if (!heldSamples.contains(sample)) {
                errors.add("labels: sample " + sample + " is not asked for (GET /experiments/" + id + "/queries lists "
                        + "the open queries)");
            } else {
                given.put(sample, label);
            }
        });
        if (!errors.isEmpty()) {
            throw new AnswersRefused(errors, false);
        }
        if (!given.isEmpty()) {
            answers.putAll(given);
            store.putAnswers(id, answers);
        }
        Queries open = queries(record, heldIds, answers);
        if (heldIds != null && open.open().isEmpty()) {
            LifecycleRecord.HeldRound held = record.held;
            sendRound(record, spec, held);
            record.held = null;
            save(record);
            board.labelsAnswered(id, EventIds.of(id, "labels-answered", held.round()), held.round());
            return Optional.of(queries(record, null, answers));
        }
        return Optional.of(open);
    }

    private static void requirePeople(LifecycleRecord record, ExperimentSpec spec) {
        if (!Oracles.get(spec.oracleName()).asksPeople()) {
            throw new AnswersRefused(List.of("experiment " + record.experimentId + " is labelled by oracle '"
                    + spec.oracleName() + "', which asks nobody; it has no queries"), true);
        }
    }

    private void complete(LifecycleRecord record, ExperimentSpec spec, List<String> artifactKeys) {
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

    private LifecycleRecord load(String id) {
        LifecycleRecord r = records.get(id);
        if (r == null) {
            r = store.findJson(StorageKeys.lifecycle(id), LifecycleRecord.class).orElse(null);
            if (r != null) {
                remember(r);
            }
        }
        return r;
    }

    private void save(LifecycleRecord record) {
        store.putJson(StorageKeys.lifecycle(record.experimentId), record);
        remember(record);
    }

    private void remember(LifecycleRecord record) {
        records.put(record.experimentId, record);
        while (records.size() > KEEP) {
            records.remove(records.keySet().iterator().next());
        }
    }
}
