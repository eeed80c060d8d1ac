package io.alps.service.messaging;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * The settings every service whose instances share work through a Kafka share group has (the
 * trainers' rounds, the selectors' pool chunks): each service's own config mapping extends it and
 * names its group, so the two cannot drift apart.
 */
public interface ShareGroupConfig {
    /** The share group every instance joins; any idle member takes the next piece of work. */
    String shareGroup();

    /** How long a piece of work stays with an instance that stops answering (a killed one hands it over at once). */
    @WithDefault("30s")
    Duration lockDuration();

    /** How often an instance renews the lock of the work it is doing; well under the lock duration. */
    @WithDefault("10s")
    Duration renewEvery();

    /**
     * Tries of one piece of work (instances that took it and died) before it counts as poison and
     * fails its experiment; kept below the broker's own delivery limit ({@code group.share.delivery.count.limit}).
     */
    @WithDefault("3")
    int maxDeliveries();

    /** A worker's settings for {@code topic} in this share group, consuming as {@code clientId}. */
    default ShareGroupWorker.Settings workerSettings(String bootstrapServers, String topic, String clientId) {
        return new ShareGroupWorker.Settings(bootstrapServers, shareGroup(), topic, clientId, renewEvery(),
                lockDuration(), maxDeliveries(), Map.of());
    }
}
