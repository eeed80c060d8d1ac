package io.alps.api.result;

import io.alps.api.result.EpochMetrics;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one round: labels used, test metrics of the trained network, its size, the
 * per-epoch history, how long training and selection took, and kind-specific metrics.
 */
public record RoundResult(int round, int labeled, double testAccuracy, double testLoss, long parameters, long macs,
                          List<EpochMetrics> history, double trainSeconds, double selectSeconds,
                          Map<String, Object> extras) {
    public RoundResult {
        history = List.copyOf(history);
        extras = Map.copyOf(extras);
    }

    public RoundResult withSelectSeconds(double seconds) {
        return new RoundResult(round, labeled, testAccuracy, testLoss, parameters, macs, history, trainSeconds, seconds,
                extras);
    }

    public RoundResult withExtras(Map<String, Object> more) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(extras);
        all.putAll(more);
        return new RoundResult(round, labeled, testAccuracy, testLoss, parameters, macs, history, trainSeconds,
                selectSeconds, all);
    }

    public double trainAccuracy() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainAccuracy();
    }

    public double trainLoss() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainLoss();
    }
}
