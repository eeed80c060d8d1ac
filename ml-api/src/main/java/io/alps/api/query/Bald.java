package io.alps.api.query;

/**
 * BALD (Houlsby et al. 2011, with Monte-Carlo dropout as Gal et al. 2017): the mutual information
 * between the prediction and the weights, estimated from T passes with dropout active:
 * H[mean_t p_t] - mean_t H[p_t] (nats). High when the passes are each sure but disagree.
 */
public final class Bald implements MonteCarloStrategy {
    public static final String NAME = "bald";
    private static final double TINY = 1e-12;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(float[][] passes, int offset, int classes) {
        int t = passes.length;
        double meanEntropy = 0;
        double[] mean = new double[classes];
        for (float[] pass : passes) {
            for (int c = 0; c < classes; c++) {
                double p = pass[offset + c];
                mean[c] += p / t;
                meanEntropy -= p * Math.log(p + TINY) / t;
            }
        }
        double entropyOfMean = 0;
        for (double p : mean) {
            entropyOfMean -= p * Math.log(p + TINY);
        }
        return entropyOfMean - meanEntropy;
    }
}
