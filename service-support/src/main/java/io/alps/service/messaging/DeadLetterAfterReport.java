package io.alps.service.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The services' failure strategy: the dead-letter topic, after the consumer has seen the record.
 * SmallRye's own dead-letter strategy sends a record it cannot deserialize to the dead-letter
 * topic before any consumer method runs, so the experiment its key names would never hear of it.
 * With this strategy such a record reaches the consumer with a null value; the consumer reports
 * the failure ({@link StepRunner}) and then the record goes to the dead-letter topic as before.
 */
@ApplicationScoped
@Identifier(DeadLetterAfterReport.NAME)
public class DeadLetterAfterReport implements KafkaFailureHandler.Factory {
    public static final String NAME = "dead-letter-after-report";

    private final KafkaFailureHandler.Factory deadLetters;

    public DeadLetterAfterReport(@Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE) KafkaFailureHandler.Factory deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
                                      KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler delegate = deadLetters.create(config, vertx, consumer, reportFailure);
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                return delegate.handle(record, reason, metadata);
            }

            @Override
            public void terminate() {
                delegate.terminate();
            }
        };
    }
}
