package io.alps.events.serde;

import io.alps.events.v1.FinalTrained;

public final class FinalTrainedDeserializer extends ProtobufDeserializer<FinalTrained> {
    public FinalTrainedDeserializer() {
        super(FinalTrained.parser(), "FinalTrained");
    }
}
