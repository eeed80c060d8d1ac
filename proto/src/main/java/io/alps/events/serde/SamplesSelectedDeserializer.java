package io.alps.events.serde;

import io.alps.events.v1.SamplesSelected;

public final class SamplesSelectedDeserializer extends ProtobufDeserializer<SamplesSelected> {
    public SamplesSelectedDeserializer() {
        super(SamplesSelected.parser(), "SamplesSelected");
    }
}
