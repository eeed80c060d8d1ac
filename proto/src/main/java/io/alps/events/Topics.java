package io.alps.events;

import java.util.List;

/** The Kafka topics of the event flow, one per event type, plus the dead-letter topic. */
public final class Topics {
    public static final String EXPERIMENT_REQUESTED = "alps.experiment-requested";
    public static final String EXPERIMENT_STARTED = "alps.experiment-started";
    /** Work for the trainers, consumed as one share group. */
    public static final String TRAIN_REQUESTED = "alps.train-requested";
    public static final String MODEL_TRAINED = "alps.model-trained";
    /** Chunks of a large pool to score, consumed by the selectors as one share group. */
    public static final String POOL_CHUNK_REQUESTED = "alps.pool-chunk-requested";
    public static final String POOL_CHUNK_SCORED = "alps.pool-chunk-scored";
    public static final String SAMPLES_SELECTED = "alps.samples-selected";
    public static final String ROUND_COMPLETED = "alps.round-completed";
    public static final String FINAL_TRAINED = "alps.final-trained";
    public static final String STEP_FAILED = "alps.step-failed";
    public static final String EXPERIMENT_COMPLETED = "alps.experiment-completed";
    public static final String EXPERIMENT_FAILED = "alps.experiment-failed";
    public static final String EXPERIMENT_CANCELLED = "alps.experiment-cancelled";
    /** Records a step could not process, with the failure in their headers. */
    public static final String DEAD_LETTER = "alps.dead-letter";

    public static final List<String> ALL = List.of(EXPERIMENT_REQUESTED, EXPERIMENT_STARTED, TRAIN_REQUESTED,
            MODEL_TRAINED, POOL_CHUNK_REQUESTED, POOL_CHUNK_SCORED, SAMPLES_SELECTED, ROUND_COMPLETED, FINAL_TRAINED,
            STEP_FAILED, EXPERIMENT_COMPLETED, EXPERIMENT_FAILED, EXPERIMENT_CANCELLED, DEAD_LETTER);

    private Topics() {
    }
}
