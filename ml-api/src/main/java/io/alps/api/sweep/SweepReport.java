package io.alps.api.sweep;

import io.alps.api.kind.Controls;
import io.alps.api.query.RandomSampling;
import io.alps.api.report.ArtifactSink;
import io.alps.api.report.Charts;
import io.alps.api.report.CsvTable;
import io.alps.api.report.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The aggregate of a sweep: per configuration, mean and 95 % CI over seeds of the accuracy in each
 * round and of the normalised AUC; paired comparisons with each applicable control, stated plainly
 * whatever their sign or significance; and a plot with one band per configuration. Every file
 * names the data set, the seeds and the sweep's hash.
 */
public final class SweepReport {
    public static final String SUMMARY = "sweep_summary.csv";
    public static final String ROUNDS = "sweep_rounds.csv";
    public static final String MEMBERS = "sweep_members.csv";
    public static final String COMPARISONS = "comparisons.csv";
    public static final String COMPARISONS_TEXT = "comparisons.txt";
    public static final String PLOT = "sweep.png";
    public static final String SWEEP_JSON = "sweep.json";

    /** One comparison of a configuration with a control, paired by seed. */
    public record Comparison(String configuration, String control, String controlName, Statistics.Interval aucDifference) {
        /** e.g. "least-confidence vs random: +1.2 points AUC, 95 % CI [-0.3, 2.7], n = 3 seeds (not significant)". */
        public String sentence() {
            Statistics.Interval d = aucDifference;
            String ci = d.n() < 2 ? "no CI with one seed"
                    : String.format("95 %% CI [%+.1f, %+.1f]", 100 * d.low(), 100 * d.high());
            String verdict = d.n() < 2 ? "" : d.low() > 0 || d.high() < 0 ? " (significant)" : " (not significant)";
            return String.format("%s vs %s: %+.1f points AUC, %s, n = %d seed%s%s", configuration, control,
                    100 * d.mean(), ci, d.n(), d.n() == 1 ? "" : "s", verdict);
        }
    }

    private final SweepSpec sweep;
    private final String datasetName;
    private final List<MemberResult> results;

    public SweepReport(SweepSpec sweep, String datasetName, List<MemberResult> results) {
        this.sweep = sweep;
        this.datasetName = datasetName;
        this.results = List.copyOf(results);
    }

    public String hash() {
        return sweep.base().with(Map.of("seed", 0)).hash() + "-" + Integer.toHexString(
                sweep.expand().stream().map(m -> m.spec().hash()).collect(Collectors.joining()).hashCode());
    }

    public String caption() {
        return String.format("%s, seeds %s, sweep %s", datasetName,
                sweep.seeds().stream().map(String::valueOf).collect(Collectors.joining(",")), hash());
    }

    private Map<Config, List<MemberResult>> byConfig() {
        Map<Config, List<MemberResult>> out = new LinkedHashMap<>();
        for (Config c : sweep.configurations()) {
            out.put(c, new ArrayList<>());
        }
        for (MemberResult r : results) {
            out.get(r.member().configuration()).add(r);
        }
        return out;
    }

    public List<Comparison> comparisons() {
        Map<Config, List<MemberResult>> groups = byConfig();
        List<String> controls = new ArrayList<>(sweep.controls());
        if (!controls.contains(Controls.RANDOM_SAMPLING) && groups.keySet().stream().anyMatch(c -> RandomSampling.NAME.equals(c.strategy()))) {
            controls.add(Controls.RANDOM_SAMPLING);
        }
        List<Comparison> out = new ArrayList<>();
        for (Config c : groups.keySet()) {
            for (String control : controls) {
                Config base = c.controlFor(control);
                if (base == null || !groups.containsKey(base)) {
                    continue;
                }
                Map<Long, Double> baseAuc = new LinkedHashMap<>();
                groups.get(base).forEach(r -> baseAuc.put(r.member().seed(), r.auc()));
                double[] diffs = groups.get(c).stream().filter(r -> baseAuc.containsKey(r.member().seed()))
                        .mapToDouble(r -> r.auc() - baseAuc.get(r.member().seed())).toArray();
                if (diffs.length > 0) {
                    out.add(new Comparison(c.label(), base.label(), control, Statistics.meanCi95(diffs)));
                }
            }
        }
        return out;
    }

    public void write(ArtifactSink sink) {
        Map<Config, List<MemberResult>> groups = byConfig();
        CsvTable members = new CsvTable(List.of("configuration", "seed", "spec_hash", "dataset", "final_accuracy", "auc"));
        for (MemberResult r : results) {
            members.add(List.of(r.member().configuration().label(), r.member().seed(), r.member().spec().hash(),
                    datasetName, r.finalAccuracy(), r.auc()));
        }
        CsvTable summary = new CsvTable(List.of("configuration", "dataset", "seeds", "n", "auc_mean", "auc_ci_low",
                "auc_ci_high", "final_accuracy_mean", "final_accuracy_ci_low", "final_accuracy_ci_high", "sweep_hash"));
        CsvTable rounds = new CsvTable(List.of("configuration", "round", "labeled", "n", "accuracy_mean",
                "accuracy_ci_low", "accuracy_ci_high"));
        Map<String, double[][]> bands = new LinkedHashMap<>();
        String seeds = sweep.seeds().stream().map(String::valueOf).collect(Collectors.joining(" "));
        groups.forEach((config, runs) -> {
            if (runs.isEmpty()) {
                return;
            }
            Statistics.Interval auc = Statistics.meanCi95(runs.stream().mapToDouble(MemberResult::auc).toArray());
            Statistics.Interval fin = Statistics.meanCi95(runs.stream().mapToDouble(MemberResult::finalAccuracy).toArray());
            summary.add(List.of(config.label(), datasetName, seeds, runs.size(), auc.mean(), auc.low(), auc.high(),
                    fin.mean(), fin.low(), fin.high(), hash()));
            int n = runs.get(0).labeled().length;
            double[][] band = new double[4][n];
            for (int i = 0; i < n; i++) {
                final int round = i;
                Statistics.Interval acc = Statistics.meanCi95(runs.stream().mapToDouble(r -> r.accuracy()[round]).toArray());
                rounds.add(List.of(config.label(), i, runs.get(0).labeled()[i], acc.n(), acc.mean(), acc.low(), acc.high()));
                band[0][i] = runs.get(0).labeled()[i];
                band[1][i] = acc.mean();
                band[2][i] = acc.low();
                band[3][i] = acc.high();
            }
            bands.put(config.label(), band);
        });
        List<Comparison> comparisons = comparisons();
        CsvTable cmp = new CsvTable(List.of("configuration", "control", "control_kind", "n", "auc_difference_points",
                "ci_low_points", "ci_high_points", "statement"));
        StringBuilder text = new StringBuilder("Sweep comparisons on " + caption() + "\n");
        text.append("AUC = area under test accuracy vs labeled samples, divided by the labeled range; paired by seed.\n\n");
        for (Comparison c : comparisons) {
            Statistics.Interval d = c.aucDifference();
            cmp.add(List.of(c.configuration(), c.control(), c.controlName(), d.n(), 100 * d.mean(), 100 * d.low(),
                    100 * d.high(), c.sentence()));
            text.append(c.sentence()).append('\n');
        }
        if (comparisons.isEmpty()) {
            text.append("No configuration has a control in this sweep (add --controls or a random strategy).\n");
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("dataset", datasetName);
        meta.put("sweepHash", hash());
        meta.put("seeds", sweep.seeds());
        meta.put("controls", sweep.controls());
        meta.put("base", sweep.base());
        meta.put("members", results.stream().map(r -> Map.of("configuration", r.member().configuration().label(),
                "seed", r.member().seed(), "specHash", r.member().spec().hash(), "spec", r.member().spec())).toList());
        sink.write(MEMBERS, members.toBytes());
        sink.write(SUMMARY, summary.toBytes());
        sink.write(ROUNDS, rounds.toBytes());
        sink.write(COMPARISONS, cmp.toBytes());
        sink.write(COMPARISONS_TEXT, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sink.write(SWEEP_JSON, Json.toBytes(meta));
        sink.write(PLOT, Charts.bands("Test accuracy, mean and 95 % CI over seeds — " + caption(),
                "labeled samples", "test accuracy", bands));
    }
}
