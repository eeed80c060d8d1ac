package io.alps.events.serde;

import io.alps.events.v1.ExperimentCompleted;

public final class ExperimentCompletedDeserializer extends ProtobufDeserializer<ExperimentCompleted> {
    public ExperimentCompletedDeserializer() {
        super(ExperimentCompleted.parser(), "ExperimentCompleted");
    }
}
