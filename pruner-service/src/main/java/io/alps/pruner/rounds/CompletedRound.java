package io.alps.pruner.rounds;

import java.util.List;
import java.util.Map;

/** A round with its kind-specific metrics and files (score statistics, filters kept, ...). */
public record CompletedRound(String experimentId, int round, Map<String, Object> extras, String resultKey,
                             List<String> artifactKeys) {
}
