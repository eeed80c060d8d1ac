package io.alps.reporter.board;

import io.alps.api.spec.ExperimentSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The view of every experiment, built only from events (so a restarted reporter rebuilds it by
 * reading the topics again). It decides nothing: COMPLETED and FAILED are the lifecycle's events.
 * Events are applied once each, by their deterministic ids; a failed experiment stays failed.
 */
@ApplicationScoped
public class ExperimentBoard {

    /** Mutable state of one experiment; only touched under the board's lock. */
    static final class Entry {
        final String id;
        ExperimentSpec spec;
        Status status = Status.PENDING;
        Integer currentRound;
        String dataset;
        Long requestedAtMs;
        FailureView failure;
        final TreeMap<Integer, RoundView> rounds = new TreeMap<>();
        final Set<String> applied = new HashSet<>();

        Entry(String id) {
            this.id = id;
        }

        RoundView round(int r) {
            return rounds.computeIfAbsent(r, RoundView::empty);
        }
    }

    private final Map<String, Entry> experiments = new LinkedHashMap<>();

    /** Applies {@code change} to the experiment unless an event with this id was applied before. */
    synchronized boolean apply(String experimentId, String eventId, Consumer<Entry> change) {
        Entry e = experiments.computeIfAbsent(experimentId, Entry::new);
        if (eventId != null && !eventId.isEmpty() && !e.applied.add(eventId)) {
            return false;
        }
        change.accept(e);
        return true;
    }

    public void requested(String id, String eventId, ExperimentSpec spec, long atMs) {
        apply(id, eventId, e -> {
            e.spec = spec;
            e.requestedAtMs = atMs;
        });
    }

    public void started(String id, String eventId, String datasetName) {
        apply(id, eventId, e -> {
            running(e, 0);
            if (datasetName != null && !datasetName.isEmpty()) {
                e.dataset = datasetName;
            }
            e.round(0);
        });
    }

    public void trained(String id, String eventId, int round, int labeled, double acc, double loss, long params,
                        long macs, double seconds, String by, List<RoundView.EpochView> epochs) {
        apply(id, eventId, e -> {
            running(e, round);
            e.rounds.put(round, e.round(round).trained(labeled, acc, loss, params, macs, seconds, by, epochs));
        });
    }

    public void selected(String id, String eventId, int round, int count, double seconds, boolean finalRound) {
        apply(id, eventId, e -> {
            running(e, round);
            if (!finalRound) {
                e.rounds.put(round, e.round(round).selected(count, seconds));
            }
        });
    }

    /** True when no event with this id was applied to the experiment yet. */
    public synchronized boolean isNew(String experimentId, String eventId) {
        Entry e = experiments.get(experimentId);
        return e == null || !e.applied.contains(eventId);
    }

    public void roundCompleted(String id, String eventId, int round, Map<String, Object> extras) {
        apply(id, eventId, e -> e.rounds.put(round, e.round(round).completed(extras)));
    }

    /** Returns true when this event completed the experiment (the lifecycle wrote its reports first). */
    public boolean completed(String id, String eventId) {
        boolean[] completes = new boolean[1];
        apply(id, eventId, e -> {
            if (e.status != Status.FAILED && e.status != Status.COMPLETED) {
                e.status = Status.COMPLETED;
                completes[0] = true;
            }
        });
        return completes[0];
    }

    public void failed(String id, String eventId, FailureView failure) {
        apply(id, eventId, e -> {
            if (e.status != Status.FAILED) {
                e.status = Status.FAILED;
                e.failure = failure;
            }
        });
    }

    private static void running(Entry e, int round) {
        if (e.status == Status.PENDING) {
            e.status = Status.RUNNING;
        }
        if (e.status == Status.RUNNING && (e.currentRound == null || round > e.currentRound)) {
            e.currentRound = round;
        }
    }

    public synchronized List<String> ids() {
        return new ArrayList<>(experiments.keySet());
    }

    /** The experiment's kind as its spec says, or "unknown" before its request arrived. */
    /** Whether the experiment is known and has ended (completed or failed). */
    public synchronized boolean finished(String id) {
        Entry e = experiments.get(id);
        return e != null && (e.status == Status.COMPLETED || e.status == Status.FAILED);
    }

    public synchronized String kind(String id) {
        Entry e = experiments.get(id);
        return e == null || e.spec == null ? "unknown" : e.spec.kind();
    }

    public synchronized Optional<ExperimentView> view(String id, List<String> artifacts,
                                                      java.util.function.Function<ExperimentSpec, Map<String, Object>> specJson) {
        Entry e = experiments.get(id);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new ExperimentView(e.id, e.spec == null ? null : e.spec.kind(), e.status, e.currentRound,
                e.spec == null ? 0 : e.spec.rounds() + 1, e.dataset, e.spec == null ? null : specJson.apply(e.spec),
                List.copyOf(e.rounds.values()), artifacts, e.failure, e.failure == null ? null : e.failure.reason(),
                e.requestedAtMs));
    }

    public synchronized Map<Status, Long> countByStatus() {
        Map<Status, Long> counts = new java.util.EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0L);
        }
        for (Entry e : experiments.values()) {
            counts.merge(e.status, 1L, Long::sum);
        }
        return counts;
    }
}
