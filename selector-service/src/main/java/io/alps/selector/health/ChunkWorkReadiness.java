package io.alps.selector.health;

import io.alps.selector.messaging.PoolChunkWorker;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the share-group consumer of pool chunks is polling (SmallRye checks the other channels). */
@Readiness
@ApplicationScoped
public class ChunkWorkReadiness implements HealthCheck {
    private final PoolChunkWorker worker;

    public ChunkWorkReadiness(PoolChunkWorker worker) {
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("pool-chunks-share-group").status(worker.healthy()).build();
    }
}
