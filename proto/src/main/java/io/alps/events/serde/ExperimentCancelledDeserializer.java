package io.alps.events.serde;

import io.alps.events.v1.ExperimentCancelled;

public final class ExperimentCancelledDeserializer extends ProtobufDeserializer<ExperimentCancelled> {
    public ExperimentCancelledDeserializer() {
        super(ExperimentCancelled.parser(), "ExperimentCancelled");
    }
}
