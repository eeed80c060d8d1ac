package io.alps.events.serde;

import io.alps.events.v1.StepFailed;

public final class StepFailedDeserializer extends ProtobufDeserializer<StepFailed> {
    public StepFailedDeserializer() {
        super(StepFailed.parser(), "StepFailed");
    }
}
