package io.alps.api.query;

/** 1 - max_c p(c): the samples whose top prediction is least sure. */
public final class LeastConfidence implements QueryStrategy {
    public static final String NAME = "least-confidence";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(float[] p, int offset, int classes, int id, long stream) {
        float max = p[offset];
        for (int c = 1; c < classes; c++) {
            max = Math.max(max, p[offset + c]);
        }
        return 1.0 - max;
    }
}
