package io.alps.reporter.board;

import io.alps.api.spec.ExperimentSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** The mutable view of one experiment while the board folds events into it (under that experiment's lock). */
final class ExperimentEntry {
    final String id;
    ExperimentSpec spec;
    Status status = Status.PENDING;
    Integer currentRound;
    String dataset;
    Long requestedAtMs;
    FailureView failure;
    /** The lifecycle completed it after this many rounds, and not every one of them is in the view yet. */
    Integer completesAfter;
    final TreeMap<Integer, RoundView> rounds = new TreeMap<>();
    final Set<String> applied = new LinkedHashSet<>();

    ExperimentEntry(String id) {
        this.id = id;
    }

    RoundView round(int r) {
        return rounds.computeIfAbsent(r, RoundView::empty);
    }

    String kind() {
        return spec == null ? null : spec.kind();
    }

    StoredView stored() {
        return new StoredView(id, spec == null ? null : spec.toJson(), status, currentRound, dataset, requestedAtMs,
                failure, List.copyOf(rounds.values()), List.copyOf(applied), completesAfter);
    }

    static ExperimentEntry of(StoredView v) {
        ExperimentEntry e = new ExperimentEntry(v.id());
        e.spec = v.specJson() == null ? null : ExperimentSpec.fromJson(v.specJson());
        e.status = v.status();
        e.currentRound = v.currentRound();
        e.dataset = v.dataset();
        e.requestedAtMs = v.requestedAtMs();
        e.failure = v.failure();
        e.completesAfter = v.completesAfter();
        v.rounds().forEach(r -> e.rounds.put(r.round(), r));
        e.applied.addAll(v.applied());
        return e;
    }
}
