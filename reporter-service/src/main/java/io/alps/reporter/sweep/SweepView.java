package io.alps.reporter.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.alps.reporter.board.Status;
import java.util.List;

/** The answer of {@code GET /sweeps/{id}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepView(String id, Status status, String dataset, String sweepHash, List<Long> seeds, int members,
                        int completed, int failed, int cancelled, List<MemberView> experiments, List<String> comparisons,
                        List<String> report, long createdAtMs) {

    /** One member experiment and, once it completed, its curve's summary. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberView(String experimentId, String configuration, long seed, Status status, Double finalAccuracy,
                             Double auc) {
    }
}
