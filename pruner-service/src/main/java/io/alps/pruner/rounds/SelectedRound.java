package io.alps.pruner.rounds;

/** A round that is trained and whose next samples are chosen (none after the last round). */
public record SelectedRound(String experimentId, int round, String checkpointKey, String nextLabelsKey,
                            double selectSeconds, boolean finalRound) {
}
