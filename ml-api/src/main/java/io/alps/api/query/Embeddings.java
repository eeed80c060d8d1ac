package io.alps.api.query;

/**
 * Samples as the network sees them, id-aligned: the activations of the layer before the output
 * ({@code dim} floats each, for an edge-popup network those of the masked network) and the class
 * probabilities ({@code classes} floats each). Held as two flat arrays: {@code ids.length * (dim +
 * classes) * 4} bytes in all.
 */
public record Embeddings(int[] ids, float[] features, int dim, float[] probabilities, int classes) {
    public Embeddings {
        if (features.length != (long) ids.length * dim || probabilities.length != (long) ids.length * classes) {
            throw new IllegalArgumentException(ids.length + " samples need " + (long) ids.length * dim + " features and "
                    + (long) ids.length * classes + " probabilities, got " + features.length + " and " + probabilities.length);
        }
    }

    public int size() {
        return ids.length;
    }

    /** Bytes these embeddings hold. */
    public long bytes() {
        return 4L * (features.length + probabilities.length);
    }
}
