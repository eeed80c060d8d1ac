package io.alps.api.kind.lth;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.result.RoundResult;
import io.alps.api.report.ArtifactSink;
import io.alps.api.report.Charts;
import io.alps.api.report.CsvTable;
import io.alps.api.report.Json;
import io.alps.api.result.EpochMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lth experiment's report files, rewritten after every round: {@code metrics/training_metrics.csv},
 * {@code metrics/history.json}, {@code graphs/*.png} and {@code experiment_summary.txt}.
 */
public final class LthReport {
    static final String METRICS_CSV = "metrics/training_metrics.csv";
    static final String HISTORY_JSON = "metrics/history.json";
    static final String SUMMARY = "experiment_summary.txt";

    private final ExperimentSpec spec;
    private final LthOptions options;
    private final String dataset;
    private final PruneSchedule schedule;

    public LthReport(ExperimentSpec spec, String dataset, PruneSchedule schedule) {
        this.spec = spec;
        this.options = spec.options(LthOptions.class);
        this.dataset = dataset;
        this.schedule = schedule;
    }

    void write(List<RoundResult> rounds, ArtifactSink sink) {
        sink.write(METRICS_CSV, metrics(rounds).toBytes());
        sink.write(HISTORY_JSON, Json.toBytes(history(rounds)));
        writeGraphs(rounds, sink);
        sink.write(SUMMARY, summary(rounds).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Integer> kept(RoundResult r) {
        Object kept = r.extras().get(LthKind.KEPT);
        return kept == null ? Map.of() : (Map<String, Integer>) kept;
    }

    static long flops(RoundResult r) {
        return 2 * r.macs();
    }

    CsvTable metrics(List<RoundResult> rounds) {
        List<String> layers = layerNames(rounds);
        List<String> header = new ArrayList<>(List.of("round", "labeled", "test_accuracy", "test_loss", "flops", "params"));
        layers.forEach(l -> header.add("kept_" + l));
        header.addAll(List.of("train_seconds", "select_seconds"));
        CsvTable table = new CsvTable(header);
        for (RoundResult r : rounds) {
            List<Object> row = new ArrayList<>(List.of(r.round(), r.labeled(), r.testAccuracy(), r.testLoss(), flops(r),
                    r.parameters()));
            layers.forEach(l -> row.add(kept(r).get(l)));
            row.add(r.trainSeconds());
            row.add(r.selectSeconds());
            table.add(row);
        }
        return table;
    }

    private Map<String, Object> history(List<RoundResult> rounds) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("dataset", dataset);
        h.put("specHash", spec.hash());
        h.put("spec", spec);
        h.put("pruneRule", schedule.describe());
        List<Map<String, Object>> list = new ArrayList<>();
        for (RoundResult r : rounds) {
            Map<String, Object> round = new LinkedHashMap<>();
            round.put("round", r.round());
            round.put("labeled", r.labeled());
            round.put("kept", kept(r));
            round.put("flops", flops(r));
            round.put("params", r.parameters());
            round.put("testAccuracy", r.testAccuracy());
            round.put("testLoss", r.testLoss());
            List<Map<String, Object>> epochs = new ArrayList<>();
            for (EpochMetrics m : r.history()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("epoch", m.epoch());
                e.put("trainAccuracy", m.trainAccuracy());
                e.put("trainLoss", m.trainLoss());
                e.put("testAccuracy", m.testAccuracy());
                e.put("testLoss", m.testLoss());
                e.put("seconds", m.seconds());
                epochs.add(e);
            }
            round.put("epochs", epochs);
            list.add(round);
        }
        h.put("rounds", list);
        return h;
    }

    private void writeGraphs(List<RoundResult> rounds, ArtifactSink sink) {
        int n = rounds.size();
        double[] labeled = new double[n];
        double[] roundNo = new double[n];
        for (int i = 0; i < n; i++) {
            labeled[i] = rounds.get(i).labeled();
            roundNo[i] = rounds.get(i).round();
        }
        String title = String.format("lth (rewind %s, prune %s), %s, %s", options.rewind(), options.pruneRatio(),
                spec.strategy(), dataset);
        Map<String, double[][]> acc = new LinkedHashMap<>();
        acc.put("test", new double[][] {labeled, values(rounds, RoundResult::testAccuracy)});
        acc.put("train (last epoch)", new double[][] {labeled, values(rounds, RoundResult::trainAccuracy)});
        sink.write("graphs/accuracy.png", Charts.lines("Accuracy: " + title, "labeled samples", "accuracy", acc));
        Map<String, double[][]> loss = new LinkedHashMap<>();
        loss.put("test", new double[][] {labeled, values(rounds, RoundResult::testLoss)});
        loss.put("train (last epoch)", new double[][] {labeled, values(rounds, RoundResult::trainLoss)});
        sink.write("graphs/loss.png", Charts.lines("Loss: " + title, "labeled samples", "cross-entropy", loss));
        Map<String, double[][]> kept = new LinkedHashMap<>();
        for (String layer : layerNames(rounds)) {
            kept.put(layer, new double[][] {roundNo, values(rounds, r -> {
                Integer k = kept(r).get(layer);
                return k == null ? Double.NaN : k;
            })});
        }
        sink.write("graphs/filters_kept.png", Charts.lines("Units kept: " + title, "round", "filters / units kept", kept));
        sink.write("graphs/flops.png", Charts.lines("FLOPs per image (forward): " + title, "round", "MFLOPs",
                Map.of("FLOPs", new double[][] {roundNo, values(rounds, r -> flops(r) / 1e6)})));
        sink.write("graphs/params.png", Charts.lines("Parameters: " + title, "round", "parameters",
                Map.of("parameters", new double[][] {roundNo, values(rounds, r -> (double) r.parameters())})));
    }

    String summary(List<RoundResult> rounds) {
        StringBuilder sb = new StringBuilder();
        sb.append("ALPS: structured filter pruning + lottery-ticket rewinding + active learning\n\n");
        sb.append(String.format("dataset:        %s%n", dataset));
        sb.append(String.format("spec hash:      %s%n", spec.hash()));
        sb.append("hyperparameters:\n");
        sb.append(String.format("  architecture %s, strategy %s, seed %d%n", spec.architecture(), spec.strategy(), spec.seed()));
        sb.append(String.format("  initial %d, budget %d per round, rounds %d, epochs %d, batch %d, lr %s (Adam)%n",
                spec.initial(), spec.budget(), spec.rounds(), spec.epochs(), spec.batch(), spec.lr()));
        sb.append(String.format("  prune ratio %s, rewind %s, prune dense %s%n", options.pruneRatio(), options.rewind(),
                options.pruneDense()));
        sb.append(String.format("pruning rule:   %s; filters with the smallest L1 norm go first%n%n", schedule.describe()));
        List<String> layers = layerNames(rounds);
        StringBuilder head = new StringBuilder(String.format("%5s %8s %9s %9s %10s %9s", "round", "labeled", "test_acc",
                "test_loss", "MFLOPs", "params"));
        layers.forEach(l -> head.append(String.format(" %7s", l)));
        sb.append(head).append(String.format(" %9s%n", "train_s"));
        double trainSeconds = 0;
        for (RoundResult r : rounds) {
            sb.append(String.format("%5d %8d %9.4f %9.4f %10.4f %,9d", r.round(), r.labeled(), r.testAccuracy(),
                    r.testLoss(), flops(r) / 1e6, r.parameters()));
            layers.forEach(l -> sb.append(String.format(" %7s", kept(r).getOrDefault(l, 0))));
            sb.append(String.format(" %9.1f%n", r.trainSeconds()));
            trainSeconds += r.trainSeconds() + r.selectSeconds();
        }
        if (!rounds.isEmpty()) {
            RoundResult first = rounds.get(0);
            RoundResult last = rounds.get(rounds.size() - 1);
            RoundResult best = rounds.stream().max(java.util.Comparator.comparingDouble(RoundResult::testAccuracy))
                    .orElseThrow();
            sb.append("\ntotals:\n");
            sb.append(String.format("  FLOPs per image: %,d -> %,d (%.1f %% saved)%n", flops(first), flops(last),
                    100.0 * (flops(first) - flops(last)) / flops(first)));
            sb.append(String.format("  parameters:      %,d -> %,d (%.1f %% saved)%n", first.parameters(),
                    last.parameters(), 100.0 * (first.parameters() - last.parameters()) / first.parameters()));
            sb.append(String.format("  final test accuracy: %.4f (round %d, %d labeled); best %.4f in round %d%n",
                    last.testAccuracy(), last.round(), last.labeled(), best.testAccuracy(), best.round()));
            sb.append(String.format("  rounds finished: %d of %d; training + selection time %.1f s%n", rounds.size(),
                    spec.rounds() + 1, trainSeconds));
        }
        return sb.toString();
    }

    private static List<String> layerNames(List<RoundResult> rounds) {
        return rounds.isEmpty() ? List.of() : new ArrayList<>(kept(rounds.get(0)).keySet());
    }

    private static double[] values(List<RoundResult> rounds, java.util.function.ToDoubleFunction<RoundResult> f) {
        double[] v = new double[rounds.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(rounds.get(i));
        }
        return v;
    }
}
