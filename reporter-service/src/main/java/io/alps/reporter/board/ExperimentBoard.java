package io.alps.reporter.board;

import io.alps.api.spec.ExperimentSpec;
import io.alps.reporter.concurrent.KeyedLocks;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The view of every experiment: a projection of the flow's events. It decides nothing: COMPLETED,
 * FAILED and CANCELLED are the lifecycle's events. Events are applied once each, by their
 * deterministic ids; an ended experiment stays ended.
 *
 * <p>Its inputs are the topics ({@code messaging.EventConsumers}) and, from the lifecycle, the
 * decisions that have no topic (a round held for people's labels, and its release) and a submit
 * and a cancel at once (so the API shows them without waiting for, or without, the broker); those
 * carry the same event ids as their topic's events, so each still counts once.
 *
 * <p>Each change is written to object storage ({@link ViewStore}) before its event is
 * acknowledged, so the view outlives the topics' retention. Only a window of recently used views
 * ({@link BoardConfig#window()}) stays in memory; the others are read from object storage when
 * asked for. Each experiment has its own lock, so a slow storage call for one never holds up another.
 */
@ApplicationScoped
public class ExperimentBoard {
    /** A filter of the list; null fields match everything. */
    public record Filter(Status status, String kind, String dataset) {
        public static final Filter NONE = new Filter(null, null, null);

        boolean isNone() {
            return status == null && kind == null && dataset == null;
        }

        boolean matches(Status s, String k, String d) {
            return (status == null || status == s) && (kind == null || kind.equals(k))
                    && (dataset == null || dataset.equals(d));
        }
    }

    /** One page of the list, newest first; {@code nextAfter} continues it (null on the last page). */
    public record Page(List<ExperimentView> experiments, String nextAfter) {
    }

    private final ViewStore views;
    private final ExperimentIndex index;
    private final KeyedLocks locks = new KeyedLocks();
    private final int windowSize;
    /** The views used most recently, least recent first; guarded by itself, held only for the map operation. */
    private final LinkedHashMap<String, ExperimentEntry> window = new LinkedHashMap<>(64, 0.75f, true);

    public ExperimentBoard(ViewStore views, BoardConfig config) {
        this.views = views;
        this.index = new ExperimentIndex();
        this.windowSize = Math.max(1, config.window());
    }

    ExperimentIndex index() {
        return index;
    }

    /** Applies {@code change} to the experiment unless an event with this id was applied before, and stores it. */
    boolean apply(String experimentId, String eventId, Consumer<ExperimentEntry> change) {
        return locks.with(experimentId, () -> {
            ExperimentEntry e = entry(experimentId);
            if (e == null) {
                e = new ExperimentEntry(StorageKeys.checkId(experimentId));
                remember(e);
            }
            if (eventId != null && !eventId.isEmpty() && !e.applied.add(eventId)) {
                return false;
            }
            boolean listed = index.contains(experimentId);
            change.accept(e);
            views.save(e.stored());
            if (!listed && e.requestedAtMs != null) {
                views.index(experimentId, e.requestedAtMs);
            }
            index.update(e);
            return true;
        });
    }

    /** The experiment's view from memory or object storage; null if unknown. Call it holding its lock. */
    private ExperimentEntry entry(String id) {
        ExperimentEntry e;
        synchronized (window) {
            e = window.get(id);
        }
        if (e == null) {
            e = views.find(id).map(ExperimentEntry::of).orElse(null);
            if (e != null) {
                remember(e);
                index.update(e);
            }
        }
        return e;
    }

    private void remember(ExperimentEntry e) {
        synchronized (window) {
            window.put(e.id, e);
            // Every change is in object storage already, so a view leaving the window loses nothing.
            while (window.size() > windowSize) {
                window.remove(window.keySet().iterator().next());
            }
        }
    }

    /** Views held in memory now (at most {@link BoardConfig#window()}). */
    public int inMemory() {
        synchronized (window) {
            return window.size();
        }
    }

    /** Reads the experiment's stored view once, for its status in the counts and filters, without keeping it in the window. */
    void summarize(String id) {
        locks.run(id, () -> {
            ExperimentIndex.Summary s = index.summary(id);
            if (s == null || s.status() == null) {
                views.find(id).map(ExperimentEntry::of).ifPresent(index::update);
            }
        });
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
    public boolean isNew(String experimentId, String eventId) {
        return locks.with(experimentId, () -> {
            ExperimentEntry e = entry(experimentId);
            return e == null || !e.applied.contains(eventId);
        });
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

    private static boolean completeIfWhole(ExperimentEntry e) {
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

    private static void running(ExperimentEntry e, int round) {
        if (e.status == Status.PENDING) {
            e.status = Status.RUNNING;
        }
        if (e.status == Status.RUNNING && (e.currentRound == null || round > e.currentRound)) {
            e.currentRound = round;
        }
    }

    /**
     * Up to {@code limit} experiments matching {@code filter}, newest request first, starting after
     * the experiment {@code afterId} (from the newest when null). Views outside the memory window
     * are read from object storage, only as many as the page needs.
     */
    public Page page(String afterId, int limit, Filter filter, Function<ExperimentSpec, Map<String, Object>> specJson) {
        index.awaitLoaded();
        List<ExperimentView> rows = new ArrayList<>();
        String last = null;
        Iterator<String> ids = index.after(afterId);
        while (ids.hasNext() && rows.size() < limit) {
            String id = ids.next();
            if (!filter.isNone()) {
                ExperimentIndex.Summary s = index.summary(id);
                if (s == null || s.status() == null) {
                    summarize(id);
                    s = index.summary(id);
                }
                if (s == null || !filter.matches(s.status(), s.kind(), s.dataset())) {
                    continue;
                }
            }
            Optional<ExperimentView> v = view(id, null, specJson);
            if (v.isPresent()) {
                rows.add(v.get());
                last = id;
            }
        }
        return new Page(rows, ids.hasNext() && last != null ? last : null);
    }

    /** Whether the experiment has a view (here or in object storage). */
    public boolean knows(String id) {
        return locks.with(id, () -> entry(id) != null);
    }

    /** Whether the experiment is known and has ended (completed, failed or cancelled). */
    public boolean finished(String id) {
        return locks.with(id, () -> {
            ExperimentEntry e = entry(id);
            return e != null && e.status.ended();
        });
    }

    /** The experiment's kind as its spec says, or "unknown" before its request arrived. */
    public String kind(String id) {
        return locks.with(id, () -> {
            ExperimentEntry e = entry(id);
            return e == null || e.spec == null ? "unknown" : e.spec.kind();
        });
    }

    public Optional<ExperimentView> view(String id, List<String> artifacts,
                                         Function<ExperimentSpec, Map<String, Object>> specJson) {
        return locks.with(id, () -> {
            ExperimentEntry e = entry(id);
            if (e == null) {
                return Optional.empty();
            }
            return Optional.of(new ExperimentView(e.id, e.kind(), e.status, e.currentRound, totalRounds(e), e.dataset,
                    e.spec == null ? null : specJson.apply(e.spec), List.copyOf(e.rounds.values()), artifacts, e.failure,
                    e.failure == null ? null : e.failure.reason(), e.requestedAtMs));
        });
    }

    /** The schedule's rounds; once complete, the rounds it ran (a stopping criterion may end it early). */
    private static int totalRounds(ExperimentEntry e) {
        if (e.spec == null) {
            return 0;
        }
        return e.status == Status.COMPLETED ? e.rounds.size() : e.spec.rounds() + 1;
    }

    /** Experiments by status: those read since the start (the start reads every stored one beside the service). */
    public Map<Status, Long> countByStatus() {
        return index.countByStatus();
    }
}
