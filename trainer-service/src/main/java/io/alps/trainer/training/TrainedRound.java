package io.alps.trainer.training;

import io.alps.ml.al.RoundResult;

/** A trained and evaluated round: where the network and the metrics are stored, and the metrics. */
public record TrainedRound(String experimentId, int round, String labelsKey, String checkpointKey, String resultKey,
                           RoundResult result) {
}
