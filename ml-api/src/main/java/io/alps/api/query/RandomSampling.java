package io.alps.api.query;

import io.alps.api.util.Seeds;

/**
 * Uniform random choice, the baseline every strategy must beat. Each sample's key depends only on
 * (seed, round, id), so the choice does not depend on chunking or pool order.
 */
public final class RandomSampling implements QueryStrategy {
    public static final String NAME = "random";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(float[] p, int offset, int classes, int id, long stream) {
        return Seeds.uniform(stream, id);
    }

    @Override
    public boolean usesModel() {
        return false;
    }
}
