package io.alps.ml.query;

import io.alps.api.query.Embeddings;
import java.nio.ByteBuffer;

/**
 * A {@link ChunkResult} as bytes, for the object store between the selector that scores a chunk
 * and the one that merges them. Scores and embeddings keep every bit, so a merge of stored
 * chunks chooses exactly what a merge in memory does.
 */
public final class ChunkResultCodec {
    private static final int MAGIC = 0x414C5043; // "ALPC"
    private static final int VERSION = 1;
    private static final byte SCORED = 0;
    private static final byte CANDIDATES = 1;

    private ChunkResultCodec() {
    }

    public static byte[] write(ChunkResult r) {
        int n = r.ids().length;
        long bytes = 4 + 4 + 4 + 1 + 4 + 4L * n;
        if (r.hasCandidates()) {
            Embeddings e = r.candidates();
            bytes += 8 + 4L * (e.features().length + e.probabilities().length);
        } else {
            bytes += 8L * n;
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chunk " + r.chunk() + "'s result takes " + bytes
                    + " bytes, more than one stored object holds");
        }
        ByteBuffer b = ByteBuffer.allocate((int) bytes);
        b.putInt(MAGIC).putInt(VERSION).putInt(r.chunk()).put(r.hasCandidates() ? CANDIDATES : SCORED).putInt(n);
        b.asIntBuffer().put(r.ids());
        b.position(b.position() + 4 * n);
        if (r.hasCandidates()) {
            Embeddings e = r.candidates();
            b.putInt(e.dim()).putInt(e.classes());
            b.asFloatBuffer().put(e.features());
            b.position(b.position() + 4 * e.features().length);
            b.asFloatBuffer().put(e.probabilities());
        } else {
            b.asDoubleBuffer().put(r.scores());
        }
        return b.array();
    }

    /** @throws IllegalArgumentException naming what is wrong when {@code bytes} are not a chunk result */
    public static ChunkResult read(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a pool chunk result");
            }
            int version = b.getInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("pool chunk result of version " + version + ", this reads "
                        + VERSION);
            }
            int chunk = b.getInt();
            byte kind = b.get();
            int[] ids = new int[b.getInt()];
            b.asIntBuffer().get(ids);
            b.position(b.position() + 4 * ids.length);
            if (kind == CANDIDATES) {
                int dim = b.getInt();
                int classes = b.getInt();
                float[] features = new float[Math.multiplyExact(ids.length, dim)];
                float[] probabilities = new float[Math.multiplyExact(ids.length, classes)];
                b.asFloatBuffer().get(features);
                b.position(b.position() + 4 * features.length);
                b.asFloatBuffer().get(probabilities);
                return ChunkResult.candidates(chunk, new Embeddings(ids, features, dim, probabilities, classes));
            }
            double[] scores = new double[ids.length];
            b.asDoubleBuffer().get(scores);
            return ChunkResult.scored(chunk, ids, scores);
        } catch (java.nio.BufferUnderflowException | ArithmeticException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("pool chunk result is truncated or corrupt (" + bytes.length + " bytes)", e);
        }
    }
}
