package io.alps.api.query;

/** Shannon entropy -sum_c p(c) ln p(c) of the predicted distribution. */
public final class EntropySampling implements QueryStrategy {
    public static final String NAME = "entropy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(float[] p, int offset, int classes, int id, long stream) {
        double h = 0;
        for (int c = 0; c < classes; c++) {
            double q = p[offset + c];
            if (q > 0) {
                h -= q * Math.log(q);
            }
        }
        return h;
    }
}
