package io.alps.api.kind.popup;

import io.alps.api.result.RoundResult;
import io.alps.api.report.ArtifactSink;
import io.alps.api.report.Charts;
import io.alps.api.report.CsvTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results of an edge-popup run per kept fraction k: one row per k in {@code k_sweep.csv} and test
 * accuracy against k in {@code k_sweep.png}, rewritten after every k so an interrupted sweep keeps
 * the finished ones.
 */
public final class KSweepReport {
    public static final String CSV = "k_sweep.csv";
    public static final String CHART = "k_sweep.png";
    public static final List<String> COLUMNS = List.of("k", "directory", "labeled", "test_accuracy", "test_loss",
            "kept_weights", "full_data_subnet_accuracy", "full_data_dense_accuracy");

    /** One finished k: its run's last round and, when the run made one, its full-data comparison. */
    public record Entry(double k, String directory, RoundResult last, Double fullDataSubnetAccuracy,
                        Double fullDataDenseAccuracy) {
    }

    private final ArtifactSink sink;
    private final String title;
    private final List<Entry> entries = new ArrayList<>();

    public KSweepReport(ArtifactSink sink, String title) {
        this.sink = sink;
        this.title = title;
    }

    public void add(Entry entry) {
        entries.add(entry);
        CsvTable table = new CsvTable(COLUMNS);
        for (Entry e : entries) {
            Object kept = e.last().extras().get(EdgePopupKind.KEPT_WEIGHTS);
            table.add(List.of(e.k(), e.directory(), e.last().labeled(), e.last().testAccuracy(), e.last().testLoss(),
                    kept == null ? Double.NaN : kept, nanIfNull(e.fullDataSubnetAccuracy()),
                    nanIfNull(e.fullDataDenseAccuracy())));
        }
        sink.write(CSV, table.toBytes());
        sink.write(CHART, chart());
    }

    private byte[] chart() {
        Map<String, double[][]> series = new LinkedHashMap<>();
        int n = entries.size();
        double[][] al = new double[2][n];
        double[][] full = new double[2][n];
        boolean anyFull = false;
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            al[0][i] = e.k();
            al[1][i] = e.last().testAccuracy();
            full[0][i] = e.k();
            full[1][i] = nanIfNull(e.fullDataSubnetAccuracy());
            anyFull |= e.fullDataSubnetAccuracy() != null;
        }
        series.put(String.format("after active learning (%,d labels)", entries.get(n - 1).last().labeled()), al);
        if (anyFull) {
            series.put("trained on the full training set", full);
        }
        return Charts.lines(title, "k (fraction of weights kept per layer)", "test accuracy", series);
    }

    private static double nanIfNull(Double d) {
        return d == null ? Double.NaN : d;
    }
}
