package io.alps.ml.al;

import io.alps.ml.train.EpochMetrics;
import java.util.List;

/**
 * The outcome of one round: labels used, test metrics of the trained network, its size, the
 * per-epoch history, and how long training and selection took.
 */
public record RoundResult(int round, int labeled, double testAccuracy, double testLoss, long parameters, long macs,
                          List<EpochMetrics> history, double trainSeconds, double selectSeconds) {
    public RoundResult withSelectSeconds(double seconds) {
        return new RoundResult(round, labeled, testAccuracy, testLoss, parameters, macs, history, trainSeconds, seconds);
    }

    public double trainAccuracy() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainAccuracy();
    }

    public double trainLoss() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainLoss();
    }
}
