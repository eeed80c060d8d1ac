package io.alps.reporter.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one request may ask of the services (environment: {@code ALPS_LIMITS_EPOCHS},
 * {@code ALPS_LIMITS_MAX_MC_SAMPLES}, ...). The defaults leave room for the reference schedule
 * (5 rounds, 20 epochs, about 2 million training image-epochs) several times over, and refuse
 * requests that would occupy the services for weeks or hold gigabytes for one request.
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

    /** The largest value of every other whole-number spec field, and the sizes of texts and sweeps. */
    Maxima max();

    /** How large a request body may be. */
    Bodies body();

    /** How large an uploaded file may be (data sets keep theirs: {@code alps.data.upload-limit-bytes}). */
    Uploads upload();

    interface Uploads {
        /** A trained network sent to {@code POST /models} (512 MiB). */
        @WithDefault("536870912")
        long modelBytes();
    }

    /** Checked on the JSON before it becomes a spec, so nothing is built from an unbounded request. */
    interface Maxima {
        /** BALD's stochastic passes per pool chunk: time and memory grow with it (reference: 20). */
        @WithDefault("200")
        int mcSamples();

        @WithDefault("4096")
        int batch();

        /** Samples labelled in round 0 (CIFAR-10 has 50,000 training images). */
        @WithDefault("1000000")
        int initial();

        /** Samples labelled per round. */
        @WithDefault("1000000")
        int budget();

        @WithDefault("1000000")
        int trainLimit();

        @WithDefault("1000000")
        int testLimit();

        @WithDefault("1000000")
        int labelBudget();

        @WithDefault("1024")
        int pruneRoundTo();

        /** Characters of any text field (names, {@code dataName}, {@code rewind}, ...). */
        @WithDefault("128")
        int textLength();

        /** Seeds in one sweep. */
        @WithDefault("100")
        int seeds();

        /** Values of any other sweep axis (strategy, k, pruneRatio, rewind, architecture, controls). */
        @WithDefault("20")
        int sweepValues();

        /**
         * The product of a sweep's axis lengths, each control doubling it: an upper bound of its
         * members, checked before any member is built (the members themselves: {@code sweep-members}).
         */
        @WithDefault("1000")
        long sweepSize();
    }

    /** Request bodies; data set uploads keep their own limit ({@code alps.data.upload-limit-bytes}). */
    interface Bodies {
        /** Any JSON request: specs, sweeps, logins. */
        @WithDefault("65536")
        int jsonBytes();

        /** Answers to label queries ({@code POST /experiments/{id}/labels}): one entry per queried sample. */
        @WithDefault("8388608")
        int labelsBytes();
    }
}
