package io.alps.service.messaging;

/**
 * Channel names used in {@code @Incoming}/{@code @Channel} and in each service's configuration;
 * each channel is bound to the topic of its event ({@link io.alps.events.Topics}). A service that
 * both reads and writes a topic, or reads it twice in different groups, needs one channel per use.
 */
public final class Channels {
    public static final String EXPERIMENT_REQUESTED = "experiment-requested";
    public static final String EXPERIMENT_STARTED = "experiment-started";
    public static final String TRAIN_REQUESTED = "train-requested";
    public static final String MODEL_TRAINED = "model-trained";
    public static final String SAMPLES_SELECTED = "samples-selected";
    public static final String POOL_CHUNK_SCORED = "pool-chunk-scored";
    public static final String ROUND_COMPLETED = "round-completed";
    public static final String FINAL_TRAINED = "final-trained";
    public static final String STEP_FAILED = "step-failed";
    public static final String EXPERIMENT_COMPLETED = "experiment-completed";
    public static final String EXPERIMENT_FAILED = "experiment-failed";
    public static final String EXPERIMENT_CANCELLED = "experiment-cancelled";

    /** The reporter's lifecycle: its own consumer group, so its decisions are taken once, not on every replay. */
    public static final String LIFECYCLE_STARTED = "lifecycle-experiment-started";
    public static final String LIFECYCLE_ROUND_COMPLETED = "lifecycle-round-completed";
    public static final String LIFECYCLE_FINAL_TRAINED = "lifecycle-final-trained";
    public static final String LIFECYCLE_STEP_FAILED = "lifecycle-step-failed";
    /** What the reporter publishes (a channel has one direction). */
    public static final String EXPERIMENT_REQUESTS_OUT = "experiment-requests";
    public static final String TRAIN_REQUESTS_OUT = "train-requests";
    /** What the selectors publish about pool chunks (they take the requests through a share group, not a channel). */
    public static final String POOL_CHUNK_REQUESTS_OUT = "pool-chunk-requests";
    public static final String POOL_CHUNK_SCORED_OUT = "pool-chunk-scored-out";
    public static final String EXPERIMENT_COMPLETED_OUT = "experiment-completed-out";
    public static final String EXPERIMENT_FAILED_OUT = "experiment-failed-out";
    public static final String EXPERIMENT_CANCELLED_OUT = "experiment-cancelled-out";
    /** Where a consumer outside the connector (the trainers' share group) sends what it rejects. */
    public static final String DEAD_LETTER_OUT = "dead-letter";

    private Channels() {
    }
}
