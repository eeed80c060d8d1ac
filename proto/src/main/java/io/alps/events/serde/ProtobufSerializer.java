package io.alps.events.serde;

import com.google.protobuf.MessageLite;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any event as its protobuf bytes. */
public final class ProtobufSerializer implements Serializer<MessageLite> {
    @Override
    public byte[] serialize(String topic, MessageLite data) {
        return data == null ? null : data.toByteArray();
    }
}
