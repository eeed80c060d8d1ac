package io.alps.reporter.board;

import java.util.List;

/** One experiment's view as object storage keeps it, with the ids of the events it was built from. */
record StoredView(String id, String specJson, Status status, Integer currentRound, String dataset,
                  Long requestedAtMs, FailureView failure, List<RoundView> rounds, List<String> applied,
                  Integer completesAfter) {
}
