package io.alps.reporter.lifecycle;

import io.alps.api.oracle.Oracles;
import io.alps.api.spec.ExperimentSpec;
import io.alps.events.EventIds;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where people label (oracle human): a round whose labels are not all answered is held here, its
 * open queries are listed, and answers are checked and kept; once a held round has every label it
 * is requested. Works under the experiment's lock from {@link LifecycleRecords}.
 */
@ApplicationScoped
public class LabellingDesk {
    private final LifecycleRecords records;
    private final ExperimentStore store;
    private final RoundRequests rounds;
    private final ExperimentBoard board;

    public LabellingDesk(LifecycleRecords records, ExperimentStore store, RoundRequests rounds, ExperimentBoard board) {
        this.records = records;
        this.store = store;
        this.rounds = rounds;
        this.board = board;
    }

    /**
     * What people are asked now: the held round, its samples still unanswered, how many it asked in
     * all (its new samples), and the classes to answer with. No round is held when {@code round} is null.
     */
    public record Queries(String experimentId, Integer round, List<Integer> open, int asked, List<String> classes) {
    }

    /** Refused answers: each problem names the samples or the classes; nothing of the request was kept. */
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

    /** The answers are kept, but the broker did not take the round they complete; answering again sends it. */
    public static final class RoundNotSent extends RuntimeException {
        RoundNotSent(String id, RuntimeException cause) {
            super("experiment " + id + ": the labels are kept, but the message broker did not take the next round", cause);
        }
    }

    /**
     * Holds round {@code next} when people label and some of its labels are not answered yet (the
     * board shows it awaiting labels); returns false when it can be requested now. Call it holding
     * the experiment's lock.
     */
    boolean holds(LifecycleRecord record, ExperimentSpec spec, LifecycleRecord.HeldRound next) {
        if (!Oracles.get(spec.oracleName()).asksPeople()
                || unanswered(store.labels(next.labelsKey()), store.answers(record.experimentId)).isEmpty()) {
            return false;
        }
        record.held = next;
        board.awaitingLabels(record.experimentId, EventIds.of(record.experimentId, "labels-requested", next.round()),
                next.round());
        return true;
    }

    /** The open queries of an experiment labelled by people; empty when the lifecycle does not know it. */
    public Optional<Queries> queries(String id) {
        return records.locked(id, () -> {
            LifecycleRecord record = records.find(id);
            if (record == null) {
                return Optional.empty();
            }
            requirePeople(record, store.spec(record.specKey));
            boolean holds = record.held != null && !record.finished();
            return Optional.of(queries(record, holds ? store.labels(record.held.labelsKey()) : null,
                    holds ? store.answers(id) : Map.of()));
        });
    }

    /**
     * People's answers ({@code labels}: sample id -> class name). All are checked before any is kept:
     * a sample must be asked for (now or earlier), a class must be the data set's, and a label
     * trained on cannot change; answering again with the same label changes nothing. Once the held
     * round has every label, it is requested.
     *
     * @return the open queries after these answers; empty when the lifecycle does not know the experiment
     * @throws AnswersRefused naming every problem
     * @throws RoundNotSent when the answers are kept but the broker did not take the round (asking again sends it)
     */
    public Optional<Queries> answer(String id, Map<String, String> labels) {
        return records.locked(id, () -> {
            LifecycleRecord record = records.find(id);
            return record == null ? Optional.empty() : Optional.of(answer(record, labels));
        });
    }

    private Queries answer(LifecycleRecord record, Map<String, String> labels) {
        String id = record.experimentId;
        ExperimentSpec spec = store.spec(record.specKey);
        requirePeople(record, spec);
        if (record.finished()) {
            throw new AnswersRefused(List.of("experiment " + id + " is " + record.status.name().toLowerCase(Locale.ROOT)
                    + "; it takes no more labels"), true);
        }
        Map<Integer, String> answers = store.answers(id);
        int[] heldIds = record.held == null ? null : store.labels(record.held.labelsKey());
        Set<Integer> heldSamples = new HashSet<>();
        Set<Integer> trained = new HashSet<>(answers.keySet());
        if (heldIds != null) {
            for (int sample : heldIds) {
                heldSamples.add(sample);
                trained.remove(sample);
            }
        }
        LabelProblems problems = new LabelProblems();
        Map<Integer, String> given = new TreeMap<>();
        labels.forEach((key, label) -> {
            Integer sample = key != null && key.matches("\\d{1,9}") ? Integer.valueOf(key) : null;
            if (sample == null) {
                problems.notASampleId(key);
            } else if (label == null || !record.classNames.contains(label)) {
                problems.unknownClass(sample, label);
            } else if (trained.contains(sample)) {
                if (!answers.get(sample).equals(label)) {
                    problems.trainedOn(sample, answers.get(sample));
                }
            } else if (!heldSamples.contains(sample)) {
                problems.notAsked(sample);
            } else {
                given.put(sample, label);
            }
        });
        if (!problems.isEmpty()) {
            throw new AnswersRefused(problems.messages(id, record.classNames), false);
        }
        if (!given.isEmpty()) {
            answers.putAll(given);
            store.putAnswers(id, answers);
        }
        Queries open = queries(record, heldIds, answers);
        if (heldIds == null || !open.open().isEmpty()) {
            return open;
        }
        LifecycleRecord.HeldRound held = record.held;
        try {
            rounds.round(record, held);
        } catch (IllegalStateException notTaken) {
            throw new RoundNotSent(id, notTaken);
        }
        record.held = null;
        records.save(record);
        board.labelsAnswered(id, EventIds.of(id, "labels-answered", held.round()), held.round());
        return queries(record, null, answers);
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

    private static void requirePeople(LifecycleRecord record, ExperimentSpec spec) {
        if (!Oracles.get(spec.oracleName()).asksPeople()) {
            throw new AnswersRefused(List.of("experiment " + record.experimentId + " is labelled by oracle '"
                    + spec.oracleName() + "', which asks nobody; it has no queries"), true);
        }
    }
}
