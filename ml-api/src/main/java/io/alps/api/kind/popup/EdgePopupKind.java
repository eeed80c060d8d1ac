package io.alps.api.kind.popup;

import io.alps.api.kind.Control;
import io.alps.api.kind.Kind;
import io.alps.api.report.ArtifactSink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.KindOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Edge-popup: frozen random weights, trained scores choosing the kept fraction {@code k} per layer. */
public final class EdgePopupKind implements Kind {
    public static final String NAME = "edge-popup";
    public static final String RANDOM_MASK_CONTROL = "random-mask";
    /** Round extras: weights the masks keep, over all layers. */
    public static final String KEPT_WEIGHTS = "kept_weights";
    /** Round extras: per layer, the score statistics (mean, std, kept fraction feed the dashboards). */
    public static final String SCORE_STATS = "scoreStats";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "active learning with an edge-popup subnetwork (frozen random weights, trained scores)";
    }

    @Override
    public Class<? extends KindOptions> optionsType() {
        return EdgePopupOptions.class;
    }

    @Override
    public Set<String> firstVersionFields() {
        return Set.of("k", "finalComparison");
    }

    @Override
    public List<String> sweepAxes() {
        return List.of("k");
    }

    @Override
    public List<Control> controls() {
        return List.of(Control.kindField(RANDOM_MASK_CONTROL,
                "edge-popup with its initial random scores kept (a random mask with the same k, never trained)",
                "mask", EdgePopupOptions.RANDOM_MASK));
    }

    @Override
    public boolean hasFinalTraining(ExperimentSpec spec) {
        return spec.options(EdgePopupOptions.class).finalComparison();
    }

    @Override
    public void writeRoundReports(ExperimentSpec spec, String dataset, List<RoundResult> rounds, ArtifactSink sink) {
        PopupScoreStatsReport.write(rounds, sink);
    }

    @Override
    public void writeFinalReports(ExperimentSpec spec, String dataset, List<RoundResult> rounds,
                                  Map<String, Object> finalResult, ArtifactSink sink) {
        if (!finalResult.isEmpty()) {
            PopupComparisonReport.write(finalResult, rounds, dataset, sink);
        }
    }
}
