package io.alps.selector.selection;

/**
 * The outcome of a selection: where the next round's labeled set is stored and how many samples
 * were added. After the last round nothing is selected ({@code finalRound}, no next set).
 */
public record Selection(String experimentId, int round, String checkpointKey, String nextLabelsKey, int selected,
                        double seconds, boolean finalRound, int poolSize) {
}
