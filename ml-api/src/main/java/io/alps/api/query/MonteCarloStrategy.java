package io.alps.api.query;

/**
 * A strategy that scores a sample from several stochastic forward passes (dropout active), so
 * that it sees the model's disagreement with itself, not only its confidence.
 */
public interface MonteCarloStrategy extends QueryStrategy {
    /**
     * The informativeness of one sample.
     *
     * @param passes  one row-major probability array per pass, each [chunk, classes]
     * @param offset  index of this sample's first probability in each pass
     * @param classes number of classes
     */
    double score(float[][] passes, int offset, int classes);

    @Override
    default double score(float[] p, int offset, int classes, int id, long stream) {
        throw new UnsupportedOperationException(name() + " scores from several stochastic passes, not one");
    }
}
