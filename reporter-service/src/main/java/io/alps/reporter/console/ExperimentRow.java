package io.alps.reporter.console;

import io.alps.reporter.board.ExperimentView;
import io.alps.reporter.board.RoundView;
import io.alps.reporter.board.Status;

/** One line of the console's experiment list, formatted for reading. */
public record ExperimentRow(String id, String kind, String dataset, String status, String round, String labelled,
                            String accuracy, boolean awaitingLabels) {

    static ExperimentRow of(ExperimentView v) {
        RoundView last = null;
        for (RoundView r : v.rounds()) {
            if (r.labeled() != null) {
                last = r;
            }
        }
        return new ExperimentRow(v.id(), v.kind() == null ? "" : v.kind(), v.dataset() == null ? "" : v.dataset(),
                v.status().name(), v.currentRound() == null ? "" : v.currentRound() + " of " + (v.totalRounds() - 1),
                last == null ? "" : String.valueOf(last.labeled()), last == null || last.testAccuracy() == null ? ""
                        : String.format(java.util.Locale.ROOT, "%.1f %%", 100 * last.testAccuracy()),
                v.status() == Status.AWAITING_LABELS);
    }
}
