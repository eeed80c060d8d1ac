package io.alps.ml.popup;

import io.alps.api.kind.popup.EdgePopupOptions;

import io.alps.api.kind.popup.PopupScoreStatsReport;

import io.alps.api.kind.popup.EdgePopupKind;

import io.alps.api.kind.popup.PopupComparisonReport;
import io.alps.ml.al.ExperimentMethod;
import io.alps.ml.al.ExperimentRunner;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.NetworkState;
import io.alps.api.result.RoundResult;
import io.alps.ml.al.RoundSteps;
import io.alps.api.report.ArtifactSink;
import io.alps.api.report.CsvTable;
import io.alps.ml.artifacts.Npy;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Edge-popup active learning: the network's weights stay at their random init; each round trains
 * only the scores, i.e. which {@code k} fraction of each layer's weights the subnetwork uses.
 *
 * <p>Rounds continue from the previous round's scores (and optimiser state): the network is built
 * once, as in the reference, so the score statistics and the mask overlap between rounds show how
 * the subnetwork changes as labels arrive. theta0 (the frozen weights and the initial scores)
 * is rebuilt from the seed for the full-data comparison, so the comparison's subnet starts where
 * the active-learning run started.
 *
 * <p>Files per round: {@code popup_scores_iter<r>_<layer>.npy} and a row per layer in
 * {@code popup_score_stats.csv}; after the last round {@code final_subnet.zip}; then
 * {@link PopupComparison}'s files.
 */
public final class EdgePopupMethod implements ExperimentMethod {
    public static final String FINAL_SUBNET = PopupComparisonReport.FINAL_SUBNET;

    private final PopupInit init;

    public EdgePopupMethod() {
        this(PopupInit.KAIMING_NORMAL);
    }

    public EdgePopupMethod(PopupInit init) {
        this.init = init;
    }

    @Override
    public String kind() {
        return EdgePopupKind.NAME;
    }

    public PopupSettings settings(ExperimentSpec spec) {
        return new PopupSettings(spec.options(EdgePopupOptions.class).k(), Map.of(), init);
    }

    @Override
    public NetworkState initial(ExperimentSpec spec, NetworkPlan plan) {
        PopupSettings settings = settings(spec);
        List<String> problems = settings.problems(plan);
        if (!problems.isEmpty()) {
            throw new ExperimentSpec.SpecException(problems);
        }
        return new NetworkState(plan, NetworkBuilder.build(plan, spec.lr(), spec.seed(), new PopupLayers(settings)));
    }

    /** The next round continues from this round's scores; the weights are frozen anyway. */
    @Override
    public NetworkState next(ExperimentSpec spec, int round, NetworkState trained, NetworkState theta0) {
        return trained.copy();
    }

    @Override
    public Map<String, Object> afterTraining(ExperimentSpec spec, int round, boolean lastRound, NetworkState trained,
                                             NetworkState previous, ArtifactSink sink) {
        Map<String, Mask> previousMasks = new HashMap<>();
        if (previous != null) {
            PopupNetworks.layers(previous.network()).forEach(l -> previousMasks.put(l.layerName(), l.mask()));
        }
        long kept = 0;
        Map<String, Map<String, Object>> layerStats = new LinkedHashMap<>();
        for (PopupLayer layer : PopupNetworks.layers(trained.network())) {
            Mask mask = layer.mask();
            kept += mask.kept();
            layerStats.put(layer.layerName(),
                    ScoreStats.of(round, layer.layerName(), layer.scores(), mask, previousMasks.get(layer.layerName())).toMap());
            sink.write(scoresFile(round, layer.layerName()), Npy.toBytes(layer.scores()));
        }
        if (lastRound) {
            sink.write(FINAL_SUBNET, Checkpoints.toBytes(trained.network()));
        }
        return Map.of(EdgePopupKind.KEPT_WEIGHTS, kept, EdgePopupKind.SCORE_STATS, layerStats);
    }

    public static String scoresFile(int round, String layer) {
        return "popup_scores_iter" + round + "_" + layer + ".npy";
    }

    @Override
    public Map<String, Object> finalTraining(RoundSteps steps, List<RoundResult> rounds, ArtifactSink sink,
                                             ExperimentRunner.Listener listener) {
        return new PopupComparison(steps, this, listener).run(sink);
    }
}
