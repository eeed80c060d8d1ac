package io.alps.service.messaging;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * Gives null for a value that cannot be deserialized: the consumer would otherwise throw from
 * poll on every try, and the handler is the one to decide what an undecodable record means.
 */
final class TolerantDeserializer<V> implements Deserializer<V> {
    private static final Logger LOG = Logger.getLogger(TolerantDeserializer.class);

    private final Deserializer<V> inner;

    TolerantDeserializer(Deserializer<V> inner) {
        this.inner = inner;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public V deserialize(String topic, byte[] data) {
        try {
            return inner.deserialize(topic, data);
        } catch (RuntimeException e) {
            return undecodable(topic, e);
        }
    }

    @Override
    public V deserialize(String topic, Headers headers, byte[] data) {
        try {
            return inner.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            return undecodable(topic, e);
        }
    }

    @Override
    public V deserialize(String topic, Headers headers, ByteBuffer data) {
        try {
            return inner.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            return undecodable(topic, e);
        }
    }

    @Override
    public void close() {
        inner.close();
    }

    private V undecodable(String topic, RuntimeException e) {
        LOG.warnf("undecodable value on %s, handed on as null: %s", topic, e.getMessage());
        return null;
    }
}
