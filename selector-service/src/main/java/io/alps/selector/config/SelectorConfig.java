package io.alps.selector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How the selectors share a large pool: its chunks go to one Kafka share group, so any selector
 * instance scores the next chunk, as the trainers share rounds.
 */
@ConfigMapping(prefix = "alps.selector")
public interface SelectorConfig {
    /** The share group every selector instance joins to score pool chunks. */
    @WithDefault("selector-service-chunks")
    String shareGroup();

    /** How long a chunk stays with a selector that stops answering (a killed one hands it over at once). */
    @WithDefault("30s")
    Duration lockDuration();

    /** How often a selector renews the lock of the chunk it scores; well under the lock duration. */
    @WithDefault("10s")
    Duration renewEvery();

    /** Deliveries of one chunk (selectors that took it and died) before it counts as poison and fails its experiment. */
    @WithDefault("3")
    int maxDeliveries();

    /**
     * Images per pool chunk. Unset: ml-core's {@link io.alps.ml.query.PoolChunks#SIZE}, which the
     * single-process runner uses too; only tests set it, to cut a small pool into several chunks.
     * Every selector instance must use the same size.
     */
    Optional<Integer> poolChunkSize();

    /**
     * The multiply-adds of scoring a pool (images x the network's per image) from which its chunks
     * go to the share group. Unset: ml-core's {@link io.alps.ml.query.PoolChunks#SHARED_FROM_MACS};
     * below it the selector that takes the round scores the chunks itself (the same selection,
     * without a broker hop per chunk). Tests set 0 to share small pools.
     */
    Optional<Long> sharePoolsFromMacs();
}
