package io.alps.api.query;

/**
 * Ranks unlabeled samples: the ones with the highest score are labeled first. A strategy sees one
 * row of class probabilities at a time, so the pool can be scored in bounded chunks.
 */
public interface QueryStrategy {
    String name();

    /**
     * The informativeness of one sample.
     *
     * @param p      class probabilities of all rows of the chunk, row-major
     * @param offset index of this sample's first probability in {@code p}
     * @param classes number of classes
     * @param id     the sample's id
     * @param stream a per-round random stream (only random sampling uses it)
     */
    double score(float[] p, int offset, int classes, int id, long stream);

    /** False when the strategy ignores the model (random sampling needs no forward pass). */
    default boolean usesModel() {
        return true;
    }
}
