package io.alps.events.serde;

import io.alps.events.v1.ExperimentStarted;

public final class ExperimentStartedDeserializer extends ProtobufDeserializer<ExperimentStarted> {
    public ExperimentStartedDeserializer() {
        super(ExperimentStarted.parser(), "ExperimentStarted");
    }
}
