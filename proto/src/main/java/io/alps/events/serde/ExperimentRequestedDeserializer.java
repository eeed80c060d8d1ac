package io.alps.events.serde;

import io.alps.events.v1.ExperimentRequested;

public final class ExperimentRequestedDeserializer extends ProtobufDeserializer<ExperimentRequested> {
    public ExperimentRequestedDeserializer() {
        super(ExperimentRequested.parser(), "ExperimentRequested");
    }
}
