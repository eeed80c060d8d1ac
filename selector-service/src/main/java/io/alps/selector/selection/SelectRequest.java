package io.alps.selector.selection;

/** Pick the samples to label after round {@code round}, scoring the pool with the trained network. */
public record SelectRequest(String experimentId, int round, String labelsKey, String checkpointKey) {
}
