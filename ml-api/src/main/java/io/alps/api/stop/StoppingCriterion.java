package io.alps.api.stop;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import java.util.List;

/**
 * A rule that says when labelling more no longer pays. Every criterion is evaluated after every
 * round and its verdict reported ({@link StopSignals#verdictKey}); the one the spec names with
 * {@code stopWhen} also ends the experiment. A criterion only reads the rounds' results, so the
 * trainer of a service and the single-process runner reach the same verdict from the same rounds.
 */
public interface StoppingCriterion {
    String name();

    /** The rule with the spec's threshold, for a person ("mean kappa of the last 3 rounds >= 0.99"). */
    String describe(ExperimentSpec spec);

    /**
     * True when the experiment may stop after the last of {@code rounds} (rounds 0 .. r, each
     * carrying the {@link StopSignals} of its round).
     */
    boolean met(ExperimentSpec spec, List<RoundResult> rounds);
}
