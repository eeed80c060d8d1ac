package io.alps.events.serde;

import io.alps.events.v1.RoundReady;

public final class RoundReadyDeserializer extends ProtobufDeserializer<RoundReady> {
    public RoundReadyDeserializer() {
        super(RoundReady.parser(), "RoundReady");
    }
}
