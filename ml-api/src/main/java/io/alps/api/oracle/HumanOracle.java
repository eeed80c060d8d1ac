package io.alps.api.oracle;

import io.alps.api.spec.ExperimentSpec;
import java.util.Arrays;
import java.util.List;

/**
 * People label: every sample the experiment needs (round 0's initial set, then each round's
 * selection) is asked through the services' API and console, and the experiment waits for the
 * answers. The data set's own labels stay hidden from it, so answering with them reproduces the
 * {@code dataset} oracle's rounds exactly.
 */
public final class HumanOracle implements Oracle {
    public static final String NAME = "human";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean asksPeople() {
        return true;
    }

    /** Nothing is known before anyone answers; the answers come in while the experiment runs. */
    @Override
    public int[] labels(ExperimentSpec spec, int[] known, List<String> sampleNames, List<String> classNames) {
        int[] none = new int[known.length];
        Arrays.fill(none, NONE);
        return none;
    }
}
