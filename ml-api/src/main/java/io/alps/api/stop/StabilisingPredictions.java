package io.alps.api.stop;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import java.util.List;

/**
 * Stabilising predictions (Bloodgood and Vijay-Shanker 2009): consecutive models label a fixed
 * stop set of pool images almost alike. Met when the mean Cohen's kappa of the last
 * {@link #WINDOW} rounds (each against the round before it) reaches {@code stopKappa}; the
 * window keeps a single lucky agreement from ending the experiment, so round 3 is the earliest stop.
 */
public final class StabilisingPredictions implements StoppingCriterion {
    public static final String NAME = "stabilising-predictions";
    public static final int WINDOW = 3;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe(ExperimentSpec spec) {
        return String.format("mean kappa of the last %d rounds >= %s", WINDOW, spec.stopKappaThreshold());
    }

    @Override
    public boolean met(ExperimentSpec spec, List<RoundResult> rounds) {
        if (rounds.size() < WINDOW + 1) {
            return false;
        }
        double sum = 0;
        for (RoundResult r : rounds.subList(rounds.size() - WINDOW, rounds.size())) {
            Double kappa = StopSignals.value(r, StopSignals.KAPPA);
            if (kappa == null) {
                return false;
            }
            sum += kappa;
        }
        return sum / WINDOW >= spec.stopKappaThreshold();
    }
}
