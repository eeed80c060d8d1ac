package io.alps.trainer.config;

import io.alps.service.messaging.ShareGroupConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the trainers share work: one Kafka share group over the train requests. */
@ConfigMapping(prefix = "alps.trainer")
public interface TrainerConfig extends ShareGroupConfig {
    /** The share group every trainer instance joins; any idle member takes the next request. */
    @Override
    @WithDefault("trainer-service")
    String shareGroup();

    /**
     * Rounds this instance trains at the same time, each taken from the share group by a worker of
     * its own. Unset: {@link io.alps.ml.backend.Backend#defaultRunsAtATime()} (two on the CPU
     * backend, one on a GPU). A round's results do not depend on it.
     */
    Optional<Integer> roundsAtATime();

    /**
     * How often a trainer rewrites the claim on the round it trains, so that a second trainer handed
     * the same request (after a broker restart, say) waits instead of training it again.
     */
    @WithDefault("5s")
    Duration claimBeatEvery();

    /** How long a claim may stay unchanged before its trainer counts as dead and another takes the round over. */
    @WithDefault("20s")
    Duration claimExpiresAfter();
}
