package io.alps.ml.bench;

import java.util.Arrays;

/**
 * How long the training steps of a benchmark took, one by one: the throughput alone hides a step
 * that takes twice as long now and then (native allocation, thread wake-ups, the JIT, the
 * collector), which is what makes one run of a benchmark differ from the next.
 */
public record StepTimes(double[] millis) {
    /** Steps per block in {@link #blockMedians()}: one pass of the default benchmark. */
    public static final int BLOCK = 100;

    public StepTimes {
        millis = millis.clone();
    }

    /** The {@code p}-th percentile (0-100) of all steps, nearest rank. */
    public double percentile(double p) {
        return percentile(millis, p);
    }

    /** The median step of each block of {@link #BLOCK} consecutive steps, in order. */
    public double[] blockMedians() {
        int blocks = (millis.length + BLOCK - 1) / BLOCK;
        double[] out = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            out[b] = percentile(Arrays.copyOfRange(millis, b * BLOCK, Math.min(millis.length, (b + 1) * BLOCK)), 50);
        }
        return out;
    }

    public int steps() {
        return millis.length;
    }

    private static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** One line: p50, p90, p99 and the slowest step, and the spread of the block medians. */
    public String summary() {
        double[] blocks = blockMedians();
        double lo = Arrays.stream(blocks).min().orElse(Double.NaN);
        double hi = Arrays.stream(blocks).max().orElse(Double.NaN);
        return String.format("p50 %.1f ms, p90 %.1f, p99 %.1f, max %.1f over %d steps; medians per %d steps %.1f-%.1f ms",
                percentile(50), percentile(90), percentile(99), percentile(100), steps(), BLOCK, lo, hi);
    }
}
