package io.alps.trainer.training;

/** Train round {@code round} of an experiment on the stored labels, from the stored start network. */
public record TrainRequest(String experimentId, int round, String labelsKey, String modelKey) {
}
