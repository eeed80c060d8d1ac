package io.alps.selector.messaging;

import io.alps.events.v1.PoolChunkRequested;
import io.alps.events.v1.PoolChunkScored;

/** A chunk of a round's pool as the selector's steps see it: the chunk events' fields without protobuf. */
record ChunkTask(String experimentId, int round, int chunk, int chunks, String specKey, String labelsKey,
                 String checkpointKey, long requestedAtMs) {
    static ChunkTask of(PoolChunkRequested e) {
        return new ChunkTask(e.getExperimentId(), e.getRound(), e.getChunk(), e.getChunks(), e.getKeys().getSpecKey(),
                e.getLabelsKey(), e.getKeys().getCheckpointKey(), e.getRequestedAtMs());
    }

    static ChunkTask of(PoolChunkScored e) {
        return new ChunkTask(e.getExperimentId(), e.getRound(), e.getChunk(), e.getChunks(), e.getKeys().getSpecKey(),
                e.getLabelsKey(), e.getKeys().getCheckpointKey(), e.getRequestedAtMs());
    }

    /** Step names (ledger and meters) of this chunk: one per chunk, so each is scored and reported once. */
    String step() {
        return "pool-chunk-" + chunk;
    }
}
