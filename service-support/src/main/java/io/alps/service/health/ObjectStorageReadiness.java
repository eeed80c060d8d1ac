package io.alps.service.health;

import io.alps.service.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the object store answers and the bucket exists (Kafka has its own checks). */
@Readiness
@ApplicationScoped
public class ObjectStorageReadiness implements HealthCheck {
    private final ObjectStore store;

    public ObjectStorageReadiness(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("object-storage").withData("endpoint", store.endpoint())
                .withData("bucket", store.bucket());
        try {
            store.checkOnce();
            return builder.up().build();
        } catch (RuntimeException e) {
            return builder.down().withData("error", e.getMessage()).build();
        }
    }
}
