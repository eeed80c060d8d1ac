package io.alps.api.query;

import io.alps.api.util.CancelCheck;

/**
 * A strategy that chooses its whole batch at once from the samples' embeddings, so the batch is
 * diverse instead of many near-copies of the single most uncertain sample.
 */
public interface BatchQueryStrategy extends QueryStrategy {
    /**
     * The ids to label next, sorted; the same inputs and seed give the same ids.
     *
     * @param labelled the labelled samples' embeddings, or null unless {@link #needsLabelled()}
     */
    default int[] choose(Embeddings pool, Embeddings labelled, int budget, long seed) {
        return choose(pool, labelled, budget, seed, CancelCheck.NEVER);
    }

    /** As {@link #choose(Embeddings, Embeddings, int, long)}, asking {@code cancel} at least once per chosen sample. */
    int[] choose(Embeddings pool, Embeddings labelled, int budget, long seed, CancelCheck cancel);

    /** Whether {@link #choose} looks at the labelled samples too (core-set starts from them). */
    default boolean needsLabelled() {
        return false;
    }

    @Override
    default double score(float[] p, int offset, int classes, int id, long stream) {
        throw new UnsupportedOperationException(name() + " chooses a batch jointly; it has no per-sample score");
    }
}
