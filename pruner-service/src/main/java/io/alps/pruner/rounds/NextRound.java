package io.alps.pruner.rounds;

/** The next round's inputs: its labeled set and the network it starts from. */
public record NextRound(String experimentId, int round, String labelsKey, String modelKey, String datasetName) {
}
