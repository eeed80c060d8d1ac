package io.alps.events.serde;

import io.alps.events.v1.PoolChunkRequested;

public final class PoolChunkRequestedDeserializer extends ProtobufDeserializer<PoolChunkRequested> {
    public PoolChunkRequestedDeserializer() {
        super(PoolChunkRequested.parser(), "PoolChunkRequested");
    }
}
