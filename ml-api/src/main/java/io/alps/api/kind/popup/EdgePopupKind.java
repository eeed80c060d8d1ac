package io.alps.api.kind.popup;

import io.alps.api.kind.Control;
import io.alps.api.kind.Kind;
import io.alps.api.report.ArtifactSink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.sweep.Config;
import io.alps.api.sweep.SweepSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edge-popup: frozen random weights, trained scores choosing the kept fraction {@code k} per layer.
 * Owns {@code k}, {@code mask} (the random-mask control) and {@code finalComparison}.
 */
public final class EdgePopupKind implements Kind {
    public static final String NAME = "edge-popup";
    public static final String RANDOM_MASK_CONTROL = "random-mask";
    /** Round extras: weights the masks keep, over all layers. */
    public static final String KEPT_WEIGHTS = "kept_weights";
    /** Round extras: per layer, the score statistics (mean, std, kept fraction feed the dashboards). */
    public static final String SCORE_STATS = "scoreStats";
    private static final Set<String> FIELDS = Set.of("k", "mask", "finalComparison");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "active learning with an edge-popup subnetwork (frozen random weights, trained scores)";
    }

    @Override
    public boolean owns(String field) {
        return FIELDS.contains(field);
    }

    @Override
    public List<String> validate(ExperimentSpec spec) {
        if (!(spec.k() > 0 && spec.k() <= 1)) {
            return List.of("k: must be in (0, 1] (got " + spec.k() + ")");
        }
        return List.of();
    }

    @Override
    public boolean hasFinalTraining(ExperimentSpec spec) {
        return spec.finalComparison();
    }

    @Override
    public Config config(ExperimentSpec spec) {
        return new Config(NAME, spec.strategy(), spec.k(), null, null, spec.mask());
    }

    @Override
    public List<Map<String, Object>> variations(SweepSpec sweep) {
        List<String> masks = new ArrayList<>(Collections.singletonList(sweep.base().mask()));
        if (sweep.controls().contains(RANDOM_MASK_CONTROL) && !masks.contains(ExperimentSpec.RANDOM_MASK)) {
            masks.add(ExperimentSpec.RANDOM_MASK);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (double k : sweep.ks()) {
            for (String mask : masks) {
                Map<String, Object> change = new HashMap<>();
                change.put("k", k);
                change.put("mask", mask);
                out.add(change);
            }
        }
        return out;
    }

    @Override
    public List<Control> controls() {
        return List.of(new Control(RANDOM_MASK_CONTROL,
                "edge-popup with its initial random scores kept (a random mask with the same k, never trained)",
                c -> c.k() == null || c.mask() != null ? null
                        : new Config(c.kind(), c.strategy(), c.k(), c.pruneRatio(), c.rewind(), ExperimentSpec.RANDOM_MASK)));
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
