package io.alps.events.serde;

import io.alps.events.v1.ModelTrained;

public final class ModelTrainedDeserializer extends ProtobufDeserializer<ModelTrained> {
    public ModelTrainedDeserializer() {
        super(ModelTrained.parser(), "ModelTrained");
    }
}
