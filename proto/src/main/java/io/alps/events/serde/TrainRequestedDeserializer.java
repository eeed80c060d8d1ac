package io.alps.events.serde;

import io.alps.events.v1.TrainRequested;

public final class TrainRequestedDeserializer extends ProtobufDeserializer<TrainRequested> {
    public TrainRequestedDeserializer() {
        super(TrainRequested.parser(), "TrainRequested");
    }
}
