package io.alps.reporter.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** What the reporter knows of one round, filled in as its events arrive. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoundView(int round, Integer labeled, Double testAccuracy, Double testLoss, Double trainAccuracy,
                        Double trainLoss, Long parameters, Long macs, Double trainSeconds, Integer selected,
                        Double selectSeconds, String trainedBy, List<EpochView> epochs, Map<String, Object> extras,
                        boolean completed) {

    /** One epoch of the round's training. */
    public record EpochView(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                            double seconds) {
    }

    static RoundView empty(int round) {
        return new RoundView(round, null, null, null, null, null, null, null, null, null, null, null, List.of(), null,
                false);
    }

    RoundView trained(int labeled, double testAccuracy, double testLoss, long parameters, long macs, double seconds,
                      String by, List<EpochView> history) {
        EpochView last = history.isEmpty() ? null : history.get(history.size() - 1);
        return new RoundView(round, labeled, testAccuracy, testLoss, last == null ? null : last.trainAccuracy(),
                last == null ? null : last.trainLoss(), parameters, macs, seconds, selected, selectSeconds, by,
                history, extras, completed);
    }

    RoundView selected(int count, double seconds) {
        return new RoundView(round, labeled, testAccuracy, testLoss, trainAccuracy, trainLoss, parameters, macs,
                trainSeconds, count, seconds, trainedBy, epochs, extras, completed);
    }

    RoundView completed(Map<String, Object> kindMetrics) {
        return new RoundView(round, labeled, testAccuracy, testLoss, trainAccuracy, trainLoss, parameters, macs,
                trainSeconds, selected, selectSeconds, trainedBy, epochs, kindMetrics, true);
    }
}
