package io.alps.api.stop;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import java.util.List;

/**
 * Maximum uncertainty (Zhu et al. 2008): even the least sure of the stop set's unlabelled images
 * is predicted with confidence. Met when the largest least-confidence score (1 - top
 * probability) of the round's model on them falls below {@code stopUncertainty}.
 */
public final class MaxUncertainty implements StoppingCriterion {
    public static final String NAME = "max-uncertainty";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe(ExperimentSpec spec) {
        return "largest least-confidence score on the stop set < " + spec.stopUncertaintyThreshold();
    }

    @Override
    public boolean met(ExperimentSpec spec, List<RoundResult> rounds) {
        Double max = StopSignals.value(rounds.get(rounds.size() - 1), StopSignals.MAX_UNCERTAINTY);
        return max != null && max < spec.stopUncertaintyThreshold();
    }
}
