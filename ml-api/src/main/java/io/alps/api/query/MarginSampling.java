package io.alps.api.query;

/** -(p_top1 - p_top2): the smaller the gap between the two best classes, the higher the score. */
public final class MarginSampling implements QueryStrategy {
    public static final String NAME = "margin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(float[] p, int offset, int classes, int id, long stream) {
        float first = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            float q = p[offset + c];
            if (q > first) {
                second = first;
                first = q;
            } else if (q > second) {
                second = q;
            }
        }
        return -((double) first - second);
    }
}
