package io.alps.ml.al;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;

import io.alps.api.report.ArtifactSink;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.train.Trainer;
import java.util.List;
import java.util.Map;

/**
 * What distinguishes the experiment kinds: how the round-0 network is built, what network the
 * next round starts from, and the kind's own files. Registered by kind in {@link ExperimentMethods}; the kind's
 * spec checks, sweep axes and report files are its ml-api {@code Kind}.
 */
public interface ExperimentMethod {
    String kind();

    /**
     * Problems with the spec that only this kind can see (e.g. a prune ratio that would remove every
     * filter of the plan), as "field: problem"; checked before any training starts.
     */
    default List<String> validate(ExperimentSpec spec, NetworkPlan plan) {
        return List.of();
    }

    /**
     * False when the spec asks for a control whose network is never trained (edge-popup's random
     * mask): each round then only evaluates and selects.
     */
    default boolean trains(ExperimentSpec spec) {
        return spec.options() == null || spec.options().trainsNetwork();
    }

    /** The untrained round-0 network; its weights are theta0, kept for rewinding. */
    NetworkState initial(ExperimentSpec spec, NetworkPlan plan);

    /** The network round {@code round + 1} starts from, after round {@code round} trained {@code trained}. */
    NetworkState next(ExperimentSpec spec, int round, NetworkState trained, NetworkState theta0);

    /**
     * Kind-specific metrics and files of a freshly trained round (score statistics, filters kept,
     * ...). The returned metrics are stored in the round's {@link RoundResult#extras()}.
     */
    default Map<String, Object> afterTraining(ExperimentSpec spec, int round, NetworkState trained, ArtifactSink sink) {
        return Map.of();
    }

    /**
     * As {@link #afterTraining(ExperimentSpec, int, NetworkState, ArtifactSink)}, also given the network
     * the previous round ended with (null in round 0), for kinds that compare rounds (edge-popup's mask
     * overlap). Taking it as an argument keeps methods free of state between rounds, so a service
     * that runs each round in whichever process gets it reports the same as one process.
     * {@code lastRound}: no round follows (the schedule's last, or a stopping criterion ended it).
     */
    default Map<String, Object> afterTraining(ExperimentSpec spec, int round, boolean lastRound, NetworkState trained,
                                              NetworkState previous, ArtifactSink sink) {
        return afterTraining(spec, round, trained, sink);
    }

    /**
     * Called after every epoch while round {@code round} trains {@code training} in place, for methods
     * that need weights from inside training (late rewinding keeps the weights after epoch E).
     * Null when the method needs nothing.
     */
    default Trainer.EpochListener epochHook(ExperimentSpec spec, int round, NetworkState training) {
        return null;
    }

    /**
     * Training after the last round, where the kind has one (edge-popup's full-data comparison):
     * it may store networks in {@code sink} and returns the numbers its reports are written from
     * (the kind's {@code writeFinalReports}); empty when there is nothing to do.
     */
    default Map<String, Object> finalTraining(RoundSteps steps, List<RoundResult> rounds, ArtifactSink sink,
                                              ExperimentRunner.Listener listener) {
        return Map.of();
    }
}
