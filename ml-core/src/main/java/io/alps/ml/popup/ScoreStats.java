package io.alps.ml.popup;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Summary of one layer's scores after a round: distribution (mean, population std, min, max,
 * quartiles by linear interpolation as numpy computes them), the mask they give, and how much of
 * that mask survived from the previous round (Jaccard; NaN in the first round).
 */
public record ScoreStats(int round, String layer, long count, double mean, double std, double min, double max,
                         double q25, double median, double q75, double fractionKept, double threshold,
                         double jaccardWithPrevious) {

    public static ScoreStats of(int round, String layer, INDArray scores, Mask mask, Mask previous) {
        double[] v = scores.dup('c').data().asDouble();
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        double squares = 0;
        for (double x : v) {
            squares += (x - mean) * (x - mean);
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        return new ScoreStats(round, layer, v.length, mean, Math.sqrt(squares / v.length), sorted[0],
                sorted[sorted.length - 1], quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75),
                mask.fractionKept(), mask.threshold(), previous == null ? Double.NaN : mask.jaccard(previous));
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The statistics by name, as a round's extras carry them (no Jaccard entry in the first round). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("mean", mean);
        m.put("std", std);
        m.put("min", min);
        m.put("max", max);
        m.put("q25", q25);
        m.put("median", median);
        m.put("q75", q75);
        m.put("keptFraction", fractionKept);
        m.put("threshold", threshold);
        if (!Double.isNaN(jaccardWithPrevious)) {
            m.put("jaccardPrev", jaccardWithPrevious);
        }
        return m;
    }
}
