package io.alps.reporter.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one request may ask of the services (environment: {@code ALPS_LIMITS_EPOCHS}, ...). The
 * defaults leave room for the reference schedule (5 rounds, 20 epochs, about 2 million training
 * image-epochs) several times over, and refuse requests that would occupy the trainers for weeks.
 */
@ConfigMapping(prefix = "alps.limits")
public interface SubmitLimits {
    /** Experiments one sweep may start. */
    @WithDefault("100")
    int sweepMembers();

    /** Training epochs per round. */
    @WithDefault("200")
    int epochs();

    /** Selection rounds after round 0. */
    @WithDefault("50")
    int rounds();

    /** Experiments one token may have queued or running at once (a sweep counts its members). */
    @WithDefault("200")
    int queuedPerToken();

    /** Images trained on, summed over epochs and rounds, per experiment. */
    @WithDefault("20000000")
    long imageEpochs();
}
