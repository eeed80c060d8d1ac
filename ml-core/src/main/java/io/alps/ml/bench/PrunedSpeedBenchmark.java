package io.alps.ml.bench;

import io.alps.ml.al.NetworkState;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.Dataset;
import io.alps.ml.model.ModelStats;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import io.alps.api.kind.lth.PruneSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Inference speed of structurally pruned networks against the dense one, all measured in one JVM
 * on the same synthetic batch, interleaved round-robin so drift on a shared machine hits every
 * network alike. Reports the median images/s of each network beside its FLOP ratio.
 */
public final class PrunedSpeedBenchmark {

    public record Entry(String label, NetworkState state) {
    }

    public record Row(String label, String widths, long macs, long params, double imagesPerSecond,
                      List<String> helpers) {
    }

    private PrunedSpeedBenchmark() {
    }

    /** The networks a schedule produces, round 0 (dense) to {@code rounds}, with seeded random weights. */
    public static List<Entry> fromSchedule(NetworkPlan original, PruneSchedule schedule, int rounds) {
        List<Entry> out = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            NetworkPlan plan = schedule.planAt(original, r);
            out.add(new Entry("round " + r, new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, 1))));
        }
        return out;
    }

    /**
     * Runs {@code repeats} round-robin timings of each network; each timing runs whole inference
     * passes over {@code images} synthetic images for at least {@code minSeconds}.
     */
    public static List<Row> run(List<Entry> entries, int images, int batch, int repeats, double minSeconds) {
        Backend.init();
        NetworkPlan first = entries.get(0).state().plan();
        Dataset data = Benchmark.syntheticData(first.input(), first.numClasses(), images);
        for (Entry e : entries) {
            pass(e.state().network(), data, batch);
            pass(e.state().network(), data, batch);
        }
        double[][] speeds = new double[entries.size()][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < entries.size(); i++) {
                ComputationGraph net = entries.get(i).state().network();
                long t0 = System.nanoTime();
                long done = 0;
                double seconds;
                do {
                    pass(net, data, batch);
                    done += data.size();
                    seconds = (System.nanoTime() - t0) / 1e9;
                } while (seconds < minSeconds);
                speeds[i][r] = done / seconds;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            NetworkState s = entries.get(i).state();
            ModelStats stats = ModelStats.of(s.network(), s.plan());
            rows.add(new Row(entries.get(i).label(), widths(s.plan()), stats.macs(), stats.parameters(),
                    median(speeds[i]), Backend.activeHelpers(s.network())));
        }
        return rows;
    }

    /** The table printed by the CLI: ratios are against the first row (the dense network). */
    public static String table(List<Row> rows) {
        Row dense = rows.get(0);
        StringBuilder sb = new StringBuilder(String.format("%-10s %-22s %10s %9s %10s %12s %10s %10s  %s%n", "network",
                "widths", "MFLOPs", "FLOPs", "params", "images/s", "speed", "time", "conv/pool helpers"));
        for (Row r : rows) {
            sb.append(String.format("%-10s %-22s %10.4f %8.1f%% %,10d %,12.0f %9.2fx %9.1f%%  %d%n", r.label(), r.widths(),
                    2 * r.macs() / 1e6, 100.0 * r.macs() / dense.macs(), r.params(), r.imagesPerSecond(),
                    r.imagesPerSecond() / dense.imagesPerSecond(), 100.0 * dense.imagesPerSecond() / r.imagesPerSecond(),
                    r.helpers().size()));
        }
        return sb.toString();
    }

    static String widths(NetworkPlan plan) {
        StringBuilder sb = new StringBuilder();
        for (int i : plan.weightedLayers()) {
            sb.append(sb.length() == 0 ? "" : "/").append(plan.width(i));
        }
        return sb.toString();
    }

    private static void pass(ComputationGraph net, Dataset data, int batch) {
        for (int from = 0; from < data.size(); from += batch) {
            net.outputSingle(false, data.features(from, Math.min(data.size(), from + batch)));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
