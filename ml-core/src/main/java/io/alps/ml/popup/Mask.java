package io.alps.ml.popup;

import java.util.Arrays;
import java.util.BitSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which weights of one layer an edge-popup subnetwork keeps: the {@code round(k * n)} weights with
 * the largest |score|. Positions are row-major (C order) over the layer's weight shape. A mask
 * always satisfies its invariants (shape, k, exact count kept), so code that receives one never
 * re-checks them.
 *
 * <p>Ties: weights are ranked by |score| in single precision, and equal values go to the smaller
 * position, so the same scores always give the same mask and exactly {@code round(k * n)} weights.
 */
public final class Mask {
    private final long[] shape;
    private final double k;
    private final int kept;
    private final float threshold;
    private final BitSet bits;

    /**
     * @param threshold the smallest kept |score| (the cut), for reports
     * @throws IllegalArgumentException when the bits do not keep exactly {@code round(k * n)} positions of the shape
     */
    public Mask(long[] shape, double k, BitSet bits, float threshold) {
        long n = size(shape);
        int expected = keptCount(n, k);
        if (bits.length() > n) {
            throw new IllegalArgumentException("mask sets position " + (bits.length() - 1) + " outside shape "
                    + Arrays.toString(shape));
        }
        if (bits.cardinality() != expected) {
            throw new IllegalArgumentException("mask keeps " + bits.cardinality() + " of " + n + " weights, but k=" + k
                    + " requires exactly round(k*n)=" + expected);
        }
        this.shape = shape.clone();
        this.k = k;
        this.kept = expected;
        this.threshold = threshold;
        this.bits = (BitSet) bits.clone();
    }

    /**
     * How many of {@code n} weights a layer keeps at fraction {@code k}: {@code round(k * n)}.
     *
     * @throws IllegalArgumentException for k outside (0, 1] or a k so small that the layer would keep nothing
     */
    public static int keptCount(long n, double k) {
        if (!(k > 0 && k <= 1)) {
            throw new IllegalArgumentException("k must be in (0, 1], got " + k);
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a layer needs 1 to " + Integer.MAX_VALUE + " weights, got " + n);
        }
        long kept = Math.round(k * n);
        if (kept < 1) {
            throw new IllegalArgumentException("k=" + k + " keeps no weight of a layer with " + n + " weights");
        }
        return (int) kept;
    }

    /** The top-{@code round(k * n)} mask of the given scores (any sign; ranked by absolute value). */
    public static Mask topK(INDArray scores, double k) {
        float[] values = scores.dup('c').data().asFloat();
        return topK(values, scores.shape(), k);
    }

    /** As {@link #topK(INDArray, double)} for scores given row-major in {@code values}. */
    public static Mask topK(float[] values, long[] shape, double k) {
        int n = values.length;
        if (n != size(shape)) {
            throw new IllegalArgumentException(n + " scores do not fill shape " + Arrays.toString(shape));
        }
        int keep = keptCount(n, k);
        // One sortable key per weight: |score| bits (monotone for non-negative floats) above the
        // inverted position, so larger |score| wins and, on equal |score|, the smaller position.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = rankKey(values[i], i);
        }
        long cut = kthLargest(keys.clone(), keep);
        BitSet bits = new BitSet(n);
        for (int i = 0; i < n; i++) {
            if (keys[i] >= cut) {
                bits.set(i);
            }
        }
        return new Mask(shape, k, bits, Float.intBitsToFloat((int) (cut >>> 32)));
    }

    private static long rankKey(float score, int position) {
        return ((long) Float.floatToIntBits(Math.abs(score)) << 32) | (0xFFFFFFFFL - position);
    }

    /** The k-th largest of distinct keys (quickselect; reorders {@code a}). */
    private static long kthLargest(long[] a, int k) {
        int target = a.length - k;
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return a[target];
            }
        }
        return a[target];
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("mask shape " + Arrays.toString(shape) + " has an empty dimension");
            }
            n *= d;
        }
        return n;
    }

    public long[] shape() {
        return shape.clone();
    }

    public double k() {
        return k;
    }

    /** Number of weights kept: exactly {@code round(k * size())}. */
    public int kept() {
        return kept;
    }

    public long size() {
        return size(shape);
    }

    /** Kept fraction, {@code kept / size}: k up to rounding. */
    public double fractionKept() {
        return (double) kept / size();
    }

    /** The smallest |score| that was kept. */
    public float threshold() {
        return threshold;
    }

    public boolean isKept(int position) {
        return bits.get(position);
    }

    /** Overlap with another mask of the same shape: |both| / |either|. */
    public double jaccard(Mask other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("masks of shapes " + Arrays.toString(shape) + " and "
                    + Arrays.toString(other.shape) + " cannot be compared");
        }
        BitSet both = (BitSet) bits.clone();
        both.and(other.bits);
        BitSet either = (BitSet) bits.clone();
        either.or(other.bits);
        return either.isEmpty() ? 1.0 : (double) both.cardinality() / either.cardinality();
    }

    /** The mask as 0/1 values of the layer's weight shape. */
    public INDArray toArray(DataType type) {
        float[] values = new float[(int) size()];
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            values[i] = 1f;
        }
        return Nd4j.create(values, shape, 'c').castTo(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && Arrays.equals(shape, m.shape) && k == m.k && bits.equals(m.bits);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + bits.hashCode();
    }

    @Override
    public String toString() {
        return "Mask" + Arrays.toString(shape) + " k=" + k + " kept " + kept + "/" + size();
    }
}
