package io.alps.reporter.board;

import io.alps.api.spec.ExperimentSpec;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import org.jboss.logging.Logger;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The view of every experiment, built only from events. It decides nothing: COMPLETED, FAILED and
 * CANCELLED are the lifecycle's events. Events are applied once each, by their deterministic ids;
 * an ended experiment stays ended. Each change is written to object storage before its event is
 * acknowledged ({@link StorageKeys#view}), so the view outlives the topics' retention, and a
 * restarted reporter reads an experiment's view when it is first asked for, not all of them at start.
 */
@ApplicationScoped
public class ExperimentBoard {
    private static final Logger LOG = Logger.getLogger(ExperimentBoard.class);

    /** Mutable state of one experiment; only touched under the board's lock. */
    static final class Entry {
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
        final Set<String> applied = new java.util.LinkedHashSet<>();

        Entry(String id) {
            this.id = id;
        }

        RoundView round(int r) {
            return rounds.computeIfAbsent(r, RoundView::empty);
        }

        StoredView stored() {
            return new StoredView(id, spec == null ? null : spec.toJson(), status, currentRound, dataset, requestedAtMs,
                    failure, List.copyOf(rounds.values()), List.copyOf(applied), completesAfter);
        }

        static Entry of(StoredView v) {
            Entry e = new Entry(v.id());
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

    /** One experiment's view as object storage keeps it, with the ids of the events it was built from. */
    record StoredView(String id, String specJson, Status status, Integer currentRound, String dataset,
                      Long requestedAtMs, FailureView failure, List<RoundView> rounds, List<String> applied,
                      Integer completesAfter) {
    }

    private final ExperimentStore store;
    /** The views read or built since start; the rest stay in object storage until asked for. */
    private final Map<String, Entry> experiments = new HashMap<>();

    public ExperimentBoard(ExperimentStore store) {
        this.store = store;
    }

    /** Applies {@code change} to the experiment unless an event with this id was applied before, and stores it. */
    synchronized boolean apply(String experimentId, String eventId, Consumer<Entry> change) {
        Entry e = entry(experimentId);
        if (e == null) {
            e = new Entry(experimentId);
            experiments.put(experimentId, e);
        }
        if (eventId != null && !eventId.isEmpty() && !e.applied.add(eventId)) {
            return false;
        }
        change.accept(e);
        store.putJson(StorageKeys.view(experimentId), e.stored());
        return true;
    }

    /** The experiment's view from memory or, the first time after a start, from object storage; null if unknown. */
    private Entry entry(String id) {
        Entry e = experiments.get(id);
        if (e == null) {
            try {
                StorageKeys.checkId(id);
            } catch (IllegalArgumentException notAnId) {
                return null;
            }
            e = store.findJson(StorageKeys.view(id), StoredView.class).map(Entry::of).orElse(null);
            if (e != null) {
                experiments.put(id, e);
            }
        }
        return e;
    }

    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        Thread t = new Thread(() -> {
            try {
                warmUp();
            } catch (RuntimeException e) {
                LOG.warnf("could not read the stored experiment views ahead: %s", e.getMessage());
            }
        }, "board-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Reads every stored view into memory, one at a time, so the status counts cover experiments
     * from before the start; runs beside the service (the start does not wait for it).
     */
    public void warmUp() {
        long t0 = System.nanoTime();
        int n = 0;
        for (String id : store.objects().children(StorageKeys.experiments())) {
            try {
                synchronized (this) {
                    n += entry(id) == null ? 0 : 1;
                }
            } catch (RuntimeException ex) {
                LOG.warnf("experiment %s: its stored view is unreadable: %s", id, ex.getMessage());
            }
        }
        LOG.infof("read %d stored experiment views in %.1f s", n, (System.nanoTime() - t0) / 1e9);
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

    /** Returns true when this round's metrics were the last the view waited for to show the experiment COMPLETED. */
    public boolean trained(String id, String eventId, int round, int labeled, double acc, double loss, long params,
                        long macs, double seconds, String by, List<RoundView.EpochView> epochs) {
        boolean[] completes = new boolean[1];
        apply(id, eventId, e -> {
            running(e, round);
            e.rounds.put(round, e.round(round).trained(labeled, acc, loss, params, macs, seconds, by, epochs));
            completes[0] = completeIfWhole(e);
        });
        return completes[0];
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
        Entry e = entry(experimentId);
        return e == null || !e.applied.contains(eventId);
    }

    /** Returns true when this round was the last the view waited for to show the experiment COMPLETED. */
    public boolean roundCompleted(String id, String eventId, int round, Map<String, Object> extras) {
        boolean[] completes = new boolean[1];
        apply(id, eventId, e -> {
            e.rounds.put(round, e.round(round).completed(extras));
            completes[0] = completeIfWhole(e);
        });
        return completes[0];
    }

    /**
     * The lifecycle completed the experiment after {@code rounds} rounds (it wrote the reports first).
     * Each topic has its own consumer, so a round's events may still be on their way (after a broker
     * restart one consumer reconnects later than another): the view says COMPLETED only once it holds
     * every one of those rounds, so COMPLETED always comes with all its rounds. Returns true when this
     * event completed it.
     */
    public boolean completed(String id, String eventId, int rounds) {
        boolean[] completes = new boolean[1];
        apply(id, eventId, e -> {
            if (!e.status.ended()) {
                e.completesAfter = rounds;
                completes[0] = completeIfWhole(e);
            }
        });
        return completes[0];
    }

    private static boolean completeIfWhole(Entry e) {
        if (e.completesAfter == null || e.status.ended()) {
            return false;
        }
        for (int r = 0; r < e.completesAfter; r++) {
            RoundView v = e.rounds.get(r);
            if (v == null || v.labeled() == null || !v.completed()) {
                return false;
            }
        }
        e.status = Status.COMPLETED;
        e.completesAfter = null;
        return true;
    }

    public void failed(String id, String eventId, FailureView failure) {
        apply(id, eventId, e -> {
            if (!e.status.ended()) {
                e.status = Status.FAILED;
                e.failure = failure;
            }
        });
    }

    /** The lifecycle holds round {@code round} until people answer its label queries. */
    public void awaitingLabels(String id, String eventId, int round) {
        apply(id, eventId, e -> {
            if (!e.status.ended()) {
                e.status = Status.AWAITING_LABELS;
                e.currentRound = round;
                e.round(round);
            }
        });
    }

    /** Every query of round {@code round} is answered; the lifecycle asked for its training. */
    public void labelsAnswered(String id, String eventId, int round) {
        apply(id, eventId, e -> {
            if (e.status == Status.AWAITING_LABELS || e.status == Status.PENDING) {
                e.status = Status.RUNNING;
            }
        });
    }

    /** A user cancelled it: what it finished stays; a completion or failure after this is not shown. */
    public void cancelled(String id, String eventId) {
        apply(id, eventId, e -> {
            if (!e.status.ended()) {
                e.status = Status.CANCELLED;
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

    /** Every experiment with a view, oldest request first (stored ones included). */
    public List<String> ids() {
        List<String> stored = store.objects().children(StorageKeys.experiments());
        synchronized (this) {
            List<Entry> known = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String id : stored) {
                Entry e = entry(id);
                if (e != null && seen.add(id)) {
                    known.add(e);
                }
            }
            experiments.values().stream().filter(e -> seen.add(e.id)).forEach(known::add);
            known.sort(java.util.Comparator.comparing((Entry e) -> e.requestedAtMs == null ? Long.MAX_VALUE : e.requestedAtMs)
                    .thenComparing(e -> e.id));
            return known.stream().map(e -> e.id).toList();
        }
    }

    /** Whether the experiment has a view (here or in object storage). */
    public synchronized boolean knows(String id) {
        return entry(id) != null;
    }

    /** Whether the experiment is known and has ended (completed, failed or cancelled). */
    public synchronized boolean finished(String id) {
        Entry e = entry(id);
        return e != null && e.status.ended();
    }

    /** The experiment's kind as its spec says, or "unknown" before its request arrived. */
    public synchronized String kind(String id) {
        Entry e = entry(id);
        return e == null || e.spec == null ? "unknown" : e.spec.kind();
    }

    public synchronized Optional<ExperimentView> view(String id, List<String> artifacts,
                                                      java.util.function.Function<ExperimentSpec, Map<String, Object>> specJson) {
        Entry e = entry(id);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new ExperimentView(e.id, e.spec == null ? null : e.spec.kind(), e.status, e.currentRound,
                totalRounds(e), e.dataset, e.spec == null ? null : specJson.apply(e.spec),
                List.copyOf(e.rounds.values()), artifacts, e.failure, e.failure == null ? null : e.failure.reason(),
                e.requestedAtMs));
    }

    /** The schedule's rounds; once complete, the rounds it ran (a stopping criterion may end it early). */
    private static int totalRounds(Entry e) {
        if (e.spec == null) {
            return 0;
        }
        return e.status == Status.COMPLETED ? e.rounds.size() : e.spec.rounds() + 1;
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
