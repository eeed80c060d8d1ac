package io.alps.ml.query;

import io.alps.api.query.Embeddings;
import java.util.Objects;

/**
 * What one chunk of the pool contributes to a round's selection: for a strategy that scores each
 * sample, the chunk's best {@code budget} ids with their scores (exactly the ones that can be in
 * the pool's best {@code budget}); for a batch strategy, the chunk's candidates with their
 * embeddings, from which the batch is chosen centrally.
 *
 * @param chunk      the chunk's index in {@link PoolChunks}
 * @param ids        the kept ids
 * @param scores     their scores, id-aligned; null for a batch strategy
 * @param candidates the kept ids' embeddings; null unless a batch strategy
 */
public record ChunkResult(int chunk, int[] ids, double[] scores, Embeddings candidates) {
    public ChunkResult {
        Objects.requireNonNull(ids, "ids");
        if ((scores == null) == (candidates == null)) {
            throw new IllegalArgumentException("a chunk result holds either scores or candidates");
        }
        if (scores != null && scores.length != ids.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + scores.length + " scores");
        }
        if (candidates != null && !java.util.Arrays.equals(candidates.ids(), ids)) {
            throw new IllegalArgumentException("the candidates' embeddings are not those of the chunk's ids");
        }
    }

    public static ChunkResult scored(int chunk, int[] ids, double[] scores) {
        return new ChunkResult(chunk, ids, scores, null);
    }

    public static ChunkResult candidates(int chunk, Embeddings candidates) {
        return new ChunkResult(chunk, candidates.ids(), null, candidates);
    }

    public boolean hasCandidates() {
        return candidates != null;
    }
}
