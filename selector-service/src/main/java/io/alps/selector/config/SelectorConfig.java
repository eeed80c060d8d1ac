package io.alps.selector.config;

import io.alps.service.messaging.ShareGroupConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * How the selectors share a large pool: its chunks go to one Kafka share group, so any selector
 * instance scores the next chunk, as the trainers share rounds.
 */
@ConfigMapping(prefix = "alps.selector")
public interface SelectorConfig extends ShareGroupConfig {
    /** The share group every selector instance joins to score pool chunks. */
    @Override
    @WithDefault("selector-service-chunks")
    String shareGroup();

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
