package io.alps.selector.selection;

/** Round 0 of an experiment is set up: its labeled ids and its start network (theta0) are stored. */
public record StartedExperiment(String experimentId, String labelsKey, String modelKey, int labeled, String datasetName) {
}
