package io.alps.ml.prune;

import io.alps.api.kind.lth.LthOptions;

import io.alps.api.kind.lth.LthKind;

import io.alps.api.model.LayerNames;
import io.alps.api.kind.lth.LthReport;
import io.alps.api.kind.lth.PruneSchedule;

import io.alps.ml.al.ExperimentMethod;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.NetworkState;
import io.alps.api.result.RoundResult;
import io.alps.ml.al.RoundSteps;
import io.alps.api.report.ArtifactSink;
import io.alps.ml.model.ModelStats;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured pruning with lottery-ticket rewinding: after each round the conv filters (and, with
 * {@code pruneDense}, dense units) with the smallest L1 norm are cut by the {@link PruneSchedule},
 * the smaller network is rebuilt and its weights come from the rewind mode (theta0 by default).
 * Writes {@code models/}, {@code metrics/}, {@code graphs/} and {@code experiment_summary.txt}.
 */
public final class LthMethod implements ExperimentMethod {
    public static final String MODELS = "models";

    private RewindMode rewind;

    @Override
    public String kind() {
        return LthKind.NAME;
    }

    public static PruneSchedule schedule(ExperimentSpec spec) {
        return LthKind.schedule(spec);
    }

    @Override
    public NetworkState initial(ExperimentSpec spec, NetworkPlan plan) {
        return new NetworkState(plan, NetworkBuilder.build(plan, spec.lr(), spec.seed()));
    }

    @Override
    public Trainer.EpochListener epochHook(ExperimentSpec spec, int round, NetworkState training) {
        return rewind(spec).epochHook(round, training);
    }

    @Override
    public NetworkState next(ExperimentSpec spec, int round, NetworkState trained, NetworkState theta0) {
        StructuredPruner.Cut cut = StructuredPruner.cut(trained, theta0.plan(), schedule(spec), round + 1);
        return rewind(spec).rewind(new RewindMode.Context(spec, round, cut, trained, theta0));
    }

    @Override
    public Map<String, Object> afterTraining(ExperimentSpec spec, int round, NetworkState trained, ArtifactSink sink) {
        PrunedCheckpoints.write(sink, MODELS, round, trained);
        ModelStats stats = ModelStats.of(trained.network(), trained.plan());
        Map<String, Integer> kept = new LinkedHashMap<>();
        for (int i : schedule(spec).layers(trained.plan())) {
            kept.put(LayerNames.of(trained.plan(), i), trained.plan().width(i));
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put(LthKind.KEPT, kept);
        extras.put(LthKind.FLOPS, stats.flops());
        extras.put(LthKind.PARAMS, stats.parameters());
        return extras;
    }

    private RewindMode rewind(ExperimentSpec spec) {
        if (rewind == null) {
            rewind = RewindModes.parse(spec.options(LthOptions.class).rewind());
        }
        return rewind;
    }
}
