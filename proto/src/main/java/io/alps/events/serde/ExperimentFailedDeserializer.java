package io.alps.events.serde;

import io.alps.events.v1.ExperimentFailed;

public final class ExperimentFailedDeserializer extends ProtobufDeserializer<ExperimentFailed> {
    public ExperimentFailedDeserializer() {
        super(ExperimentFailed.parser(), "ExperimentFailed");
    }
}
