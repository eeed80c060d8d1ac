package io.alps.service.messaging;

/**
 * Channel names used in {@code @Incoming}/{@code @Channel} and in each service's configuration;
 * each channel is bound to the topic of the same event ({@link io.alps.events.Topics}).
 */
public final class Channels {
    public static final String EXPERIMENT_REQUESTED = "experiment-requested";
    public static final String ROUND_READY = "round-ready";
    public static final String MODEL_TRAINED = "model-trained";
    public static final String SAMPLES_SELECTED = "samples-selected";
    public static final String ROUND_COMPLETED = "round-completed";
    public static final String EXPERIMENT_COMPLETED = "experiment-completed";
    public static final String EXPERIMENT_FAILED = "experiment-failed";
    /** The reporter both reads and writes some topics; a channel has one direction, hence these. */
    public static final String EXPERIMENT_REQUESTS_OUT = "experiment-requests";
    public static final String EXPERIMENT_FAILED_IN = "experiment-failed-in";

    private Channels() {
    }
}
