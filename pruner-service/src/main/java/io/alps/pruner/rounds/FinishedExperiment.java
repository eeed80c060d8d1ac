package io.alps.pruner.rounds;

import java.util.List;

/** Every round is done and the kind's final work has written its files. */
public record FinishedExperiment(String experimentId, int rounds, List<String> artifactKeys) {
}
