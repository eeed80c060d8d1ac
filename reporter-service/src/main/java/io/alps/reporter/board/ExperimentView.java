package io.alps.reporter.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The answer of {@code GET /experiments/{id}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentView(String id, String kind, Status status, Integer currentRound, int totalRounds,
                             String dataset, Map<String, Object> spec, List<RoundView> rounds, List<String> artifacts,
                             FailureView failure, String failureReason, Long requestedAtMs) {
}
