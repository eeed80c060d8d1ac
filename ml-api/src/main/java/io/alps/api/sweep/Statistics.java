package io.alps.api.sweep;

import org.apache.commons.math3.distribution.TDistribution;

/** Means, Student-t 95 % confidence intervals and the normalised area under a learning curve. */
public final class Statistics {
    private Statistics() {
    }

    /** Mean with a two-sided 95 % Student-t confidence interval; the interval is NaN for fewer than 2 values. */
    public record Interval(double mean, double low, double high, int n) {
        public double halfWidth() {
            return (high - low) / 2;
        }
    }

    public static Interval meanCi95(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        if (n < 2) {
            return new Interval(mean, Double.NaN, Double.NaN, n);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        double half = t * sd / Math.sqrt(n);
        return new Interval(mean, mean - half, mean + half, n);
    }

    /**
     * Area under accuracy-vs-labels by the trapezoid rule, divided by the labeled range: the mean
     * accuracy over the labeling budget, in [0, 1], comparable across schedules of equal range.
     */
    public static double normalisedAuc(double[] labeled, double[] accuracy) {
        if (labeled.length != accuracy.length || labeled.length == 0) {
            throw new IllegalArgumentException("need matching, non-empty curves");
        }
        if (labeled.length == 1) {
            return accuracy[0];
        }
        double area = 0;
        for (int i = 1; i < labeled.length; i++) {
            area += (labeled[i] - labeled[i - 1]) * (accuracy[i] + accuracy[i - 1]) / 2;
        }
        return area / (labeled[labeled.length - 1] - labeled[0]);
    }
}
