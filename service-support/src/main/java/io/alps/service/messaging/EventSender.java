package io.alps.service.messaging;

import com.google.protobuf.MessageLite;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Sends an event keyed by its experiment id and waits until Kafka has it, so a step's input is
 * committed only after its output is durable (at-least-once, never at-most-once).
 */
@ApplicationScoped
public class EventSender {
    private final ServiceConfig config;

    public EventSender(ServiceConfig config) {
        this.config = config;
    }

    public <T extends MessageLite> void send(Emitter<Record<String, T>> emitter, String experimentId, T event) {
        try {
            emitter.send(Record.of(experimentId, event)).toCompletableFuture()
                    .get(config.sendTimeoutSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + event.getClass().getSimpleName(), e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not take " + event.getClass().getSimpleName() + " for experiment "
                    + experimentId + ": " + e.getMessage(), e);
        }
    }
}
