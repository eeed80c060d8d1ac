package io.alps.events.serde;

import io.alps.events.v1.PoolChunkScored;

public final class PoolChunkScoredDeserializer extends ProtobufDeserializer<PoolChunkScored> {
    public PoolChunkScoredDeserializer() {
        super(PoolChunkScored.parser(), "PoolChunkScored");
    }
}
