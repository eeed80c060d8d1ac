package io.alps.trainer.health;

import io.alps.trainer.messaging.TrainRequestConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the share-group consumer of train requests is polling (SmallRye checks the other channels). */
@Readiness
@ApplicationScoped
public class TrainWorkReadiness implements HealthCheck {
    private final TrainRequestConsumer consumer;

    public TrainWorkReadiness(TrainRequestConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("train-requests-share-group").status(consumer.healthy()).build();
    }
}
