package io.alps.ml.query;

import java.util.Arrays;

/**
 * How a round's unlabeled pool is cut into chunks that can be scored apart (by one process one
 * after the other, or by several selector instances at once) and merged into the same selection.
 * The cut depends only on the pool: chunk {@code i} holds the sorted unlabeled ids from position
 * {@code i * size}, never anything about who scores it.
 */
public final class PoolChunks {
    /**
     * Images per chunk. A multiple of the evaluator's batches up to 32 x 32 pixels (1,024 for
     * probabilities, 256 with dropout or embeddings), so at those sizes a chunk border is also a
     * batch border and the chunked pass feeds the network exactly the batches a single pass did.
     */
    public static final int SIZE = 8192;

    /**
     * The multiply-adds of scoring a pool from which handing its chunks to other selector
     * instances pays: each chunk handed over costs a few tenths of a second in storage reads and
     * broker hops, the price of a second's scoring or two of a small network, while 10^12
     * multiply-adds take tens of seconds on two cores (ResNet-18 at 32 px: 1,800 images).
     */
    public static final long SHARED_FROM_MACS = 1_000_000_000_000L;

    private final int[] unlabeled;
    private final int size;

    private PoolChunks(int[] unlabeled, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool chunk holds at least one image, not " + size);
        }
        this.unlabeled = unlabeled;
        this.size = size;
    }

    /** The pool {@code unlabeled} (sorted ids) in chunks of {@link #SIZE}. */
    public static PoolChunks of(int[] unlabeled) {
        return new PoolChunks(unlabeled, SIZE);
    }

    /** As {@link #of(int[])} with chunks of {@code size}: tests cut small pools into several chunks. */
    public static PoolChunks of(int[] unlabeled, int size) {
        return new PoolChunks(unlabeled, size);
    }

    /** Chunks of the pool; at least one, so that an empty pool still has a (empty) selection. */
    public int count() {
        return Math.max(1, (unlabeled.length + size - 1) / size);
    }

    /** The ids of chunk {@code index}, sorted. */
    public int[] ids(int index) {
        if (index < 0 || index >= count()) {
            throw new IllegalArgumentException("chunk " + index + " of a pool in " + count() + " chunks");
        }
        return Arrays.copyOfRange(unlabeled, Math.min(unlabeled.length, index * size),
                Math.min(unlabeled.length, (index + 1) * size));
    }

    /**
     * Whether other selector instances should score this pool's chunks: it has more than one and
     * scoring it with a network of {@code macsPerImage} costs at least {@code sharedFromMacs}
     * multiply-adds; below that the instance at hand scores them in turn, which selects the same.
     */
    public boolean worthSharing(long macsPerImage, long sharedFromMacs) {
        return count() > 1 && (double) images() * macsPerImage >= sharedFromMacs;
    }

    /** The whole pool. */
    public int[] all() {
        return unlabeled;
    }

    public int size() {
        return size;
    }

    /** Images in the pool. */
    public int images() {
        return unlabeled.length;
    }
}
