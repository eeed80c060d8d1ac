package io.alps.api.report;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.result.RoundResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files every active-learning run writes, rewritten after each round so an interrupted run
 * keeps its finished rounds: {@code active_learning_log.csv}, {@code history.json} and
 * {@code progress.png} (test accuracy against labeled samples).
 */
public final class ActiveLearningReport {
    public static final String LOG = "active_learning_log.csv";
    public static final String HISTORY = "history.json";
    public static final String PROGRESS = "progress.png";
    public static final List<String> COLUMNS = List.of("round", "labeled", "test_accuracy", "test_loss",
            "train_accuracy", "train_loss", "params", "macs", "train_seconds", "select_seconds");

    private final ArtifactSink sink;
    private final ExperimentSpec spec;
    private final String datasetName;
    private final List<RoundResult> rounds = new ArrayList<>();

    public ActiveLearningReport(ArtifactSink sink, ExperimentSpec spec, String datasetName) {
        this.sink = sink;
        this.spec = spec;
        this.datasetName = datasetName;
    }

    public List<RoundResult> rounds() {
        return List.copyOf(rounds);
    }

    public void add(RoundResult result) {
        rounds.add(result);
        sink.write(LOG, log(rounds).toBytes());
        sink.write(HISTORY, Json.toBytes(history()));
        sink.write(PROGRESS, progressChart());
    }

    /** One row per round: the common columns, then every numeric kind-specific metric (extras) by name. */
    public static CsvTable log(List<RoundResult> rounds) {
        java.util.SortedSet<String> extras = new java.util.TreeSet<>();
        for (RoundResult r : rounds) {
            r.extras().forEach((key, value) -> {
                if (value instanceof Number) {
                    extras.add(key);
                }
            });
        }
        List<String> header = new ArrayList<>(COLUMNS);
        header.addAll(extras);
        CsvTable table = new CsvTable(header);
        for (RoundResult r : rounds) {
            List<Object> row = new ArrayList<>(List.of(r.round(), r.labeled(), r.testAccuracy(), r.testLoss(),
                    r.trainAccuracy(), r.trainLoss(), r.parameters(), r.macs(), r.trainSeconds(), r.selectSeconds()));
            for (String key : extras) {
                row.add(r.extras().get(key) instanceof Number n ? n : Double.NaN);
            }
            table.add(row);
        }
        return table;
    }

    private Map<String, Object> history() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("dataset", datasetName);
        h.put("specHash", spec.hash());
        h.put("spec", spec);
        h.put("rounds", rounds);
        return h;
    }

    private byte[] progressChart() {
        double[][] xy = new double[2][rounds.size()];
        for (int i = 0; i < rounds.size(); i++) {
            xy[0][i] = rounds.get(i).labeled();
            xy[1][i] = rounds.get(i).testAccuracy();
        }
        String title = String.format("%s, %s, %s (seed %d)", spec.kind(), spec.strategy(), datasetName, spec.seed());
        return Charts.lines(title, "labeled samples", "test accuracy", Map.of(spec.strategy(), xy));
    }

    /** The console table printed at the end of a run. */
    public static String summaryTable(List<RoundResult> rounds) {
        StringBuilder sb = new StringBuilder(String.format("%5s %8s %9s %9s %10s %9s %9s%n",
                "round", "labeled", "test_acc", "test_loss", "params", "train_s", "select_s"));
        for (RoundResult r : rounds) {
            sb.append(String.format("%5d %8d %9.4f %9.4f %,10d %9.1f %9.1f%n", r.round(), r.labeled(), r.testAccuracy(),
                    r.testLoss(), r.parameters(), r.trainSeconds(), r.selectSeconds()));
        }
        return sb.toString();
    }
}
