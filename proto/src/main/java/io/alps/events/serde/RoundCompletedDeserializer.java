package io.alps.events.serde;

import io.alps.events.v1.RoundCompleted;

public final class RoundCompletedDeserializer extends ProtobufDeserializer<RoundCompleted> {
    public RoundCompletedDeserializer() {
        super(RoundCompleted.parser(), "RoundCompleted");
    }
}
