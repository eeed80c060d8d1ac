package io.alps.ml.prune;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ranks the units of a layer by the L1 norm of their incoming weights (Li et al., "Pruning
 * Filters for Efficient ConvNets"): a conv filter's W[o, :, :, :], a dense unit's column W[:, o].
 * Biases are not part of the norm.
 */
public final class L1Ranking {
    private L1Ranking() {
    }

    /** L1 norm per filter of a conv weight [out, in, kh, kw]. */
    public static double[] convFilters(INDArray w) {
        long out = w.size(0);
        float[] v = w.dup('c').data().asFloat();
        int per = (int) (v.length / out);
        double[] norms = new double[(int) out];
        for (int o = 0; o < out; o++) {
            double s = 0;
            for (int j = 0; j < per; j++) {
                s += Math.abs(v[o * per + j]);
            }
            norms[o] = s;
        }
        return norms;
    }

    /** L1 norm per unit of a dense weight [in, out]. */
    public static double[] denseUnits(INDArray w) {
        int in = (int) w.size(0);
        int out = (int) w.size(1);
        float[] v = w.dup('c').data().asFloat();
        double[] norms = new double[out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                norms[o] += Math.abs(v[i * out + o]);
            }
        }
        return norms;
    }

    /**
     * The positions of the {@code keep} largest norms, in ascending position order (so the kept
     * units stay in their original order). Ties keep the lower position, so the cut is deterministic.
     */
    public static int[] strongest(double[] norms, int keep) {
        if (keep < 1 || keep > norms.length) {
            throw new IllegalArgumentException("cannot keep " + keep + " of " + norms.length + " units");
        }
        int[] kept = IntStream.range(0, norms.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -norms[i]).thenComparingInt(i -> i))
                .limit(keep).mapToInt(Integer::intValue).toArray();
        Arrays.sort(kept);
        return kept;
    }
}
