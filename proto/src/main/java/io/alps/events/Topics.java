package io.alps.events;

/** The Kafka topics of the event flow, one per event type, plus the dead-letter topic. */
public final class Topics {
    public static final String EXPERIMENT_REQUESTED = "alps.experiment-requested";
    public static final String ROUND_READY = "alps.round-ready";
    public static final String MODEL_TRAINED = "alps.model-trained";
    public static final String SAMPLES_SELECTED = "alps.samples-selected";
    public static final String ROUND_COMPLETED = "alps.round-completed";
    public static final String EXPERIMENT_COMPLETED = "alps.experiment-completed";
    public static final String EXPERIMENT_FAILED = "alps.experiment-failed";
    /** Records a step could not process, with the failure in their headers. */
    public static final String DEAD_LETTER = "alps.dead-letter";

    public static final java.util.List<String> ALL = java.util.List.of(EXPERIMENT_REQUESTED, ROUND_READY, MODEL_TRAINED,
            SAMPLES_SELECTED, ROUND_COMPLETED, EXPERIMENT_COMPLETED, EXPERIMENT_FAILED, DEAD_LETTER);

    private Topics() {
    }
}
