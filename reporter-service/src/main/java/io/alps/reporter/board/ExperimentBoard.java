package io.alps.reporter.board;

import io.alps.api.spec.ExperimentSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The view of every experiment: a projection of the flow's events (how each event changes a view;
 * where the views are kept is {@link ViewWindow}'s job). It decides nothing: COMPLETED,
 * FAILED and CANCELLED are the lifecycle's events. Events are applied once each, by their
 * deterministic ids; an ended experiment stays ended.
 *
 * <p>Its inputs are the topics ({@code messaging.EventConsumers}) and, from the lifecycle, the
 * decisions that have no topic (a round held for people's labels, and its release) and a submit
 * and a cancel at once (so the API shows them without waiting for, or without, the broker); those
 * carry the same event ids as their topic's events, so each still counts once.
 *
 * <p>Each change is written to object storage before its event is acknowledged, so the view
 * outlives the topics' retention.
 */
@ApplicationScoped
public class ExperimentBoard {
    private final ViewWindow window;
    private final java.util.concurrent.atomic.AtomicLong trainedRounds = new java.util.concurrent.atomic.AtomicLong();

    public ExperimentBoard(ViewWindow window) {
        this.window = window;
    }

    private boolean apply(String experimentId, String eventId, Consumer<ExperimentEntry> change) {
        return window.apply(experimentId, eventId, change);
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
        trainedRounds.incrementAndGet();
        return completes[0];
    }

    /**
     * How many trained rounds this board has been told of since it started (repeats included): what
     * the trainers have measured can only have changed when this number has.
     */
    public long trainedRounds() {
        return trainedRounds.get();
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
        return window.read(experimentId, e -> e == null || !e.applied.contains(eventId));
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

    /** Whether the experiment has a view (here or in object storage). */
    public boolean knows(String id) {
        return window.read(id, e -> e != null);
    }

    /** Whether the experiment is known and has ended (completed, failed or cancelled). */
    public boolean finished(String id) {
        return window.read(id, e -> e != null && e.status.ended());
    }

    /** The experiment's kind as its spec says, or "unknown" before its request arrived. */
    public String kind(String id) {
        return window.read(id, e -> e == null || e.spec == null ? "unknown" : e.spec.kind());
    }

    public Optional<ExperimentView> view(String id, List<String> artifacts,
                                         Function<ExperimentSpec, Map<String, Object>> specJson) {
        return window.read(id, e -> e == null ? Optional.empty() : Optional.of(new ExperimentView(e.id, e.kind(),
                e.status, e.currentRound, totalRounds(e), e.dataset, e.spec == null ? null : specJson.apply(e.spec),
                List.copyOf(e.rounds.values()), artifacts, e.failure, e.failure == null ? null : e.failure.reason(),
                e.requestedAtMs)));
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
        return window.index().countByStatus();
    }
}
