package io.alps.events.serde;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one event type; Kafka instantiates deserializers by class name, so each event has a
 * subclass that names its parser.
 */
public abstract class ProtobufDeserializer<T extends MessageLite> implements Deserializer<T> {
    private final Parser<T> parser;
    private final String type;

    protected ProtobufDeserializer(Parser<T> parser, String type) {
        this.parser = parser;
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return parser.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new SerializationException("record on " + topic + " is not a " + type + " event: " + e.getMessage(), e);
        }
    }
}
