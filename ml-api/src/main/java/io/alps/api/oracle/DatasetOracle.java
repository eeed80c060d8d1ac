package io.alps.api.oracle;

import io.alps.api.spec.ExperimentSpec;
import java.util.List;

/** Reveals the labels the data set has (the benchmark setting); images without one stay out of the pool. */
public final class DatasetOracle implements Oracle {
    public static final String NAME = ExperimentSpec.DEFAULT_ORACLE;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] labels(ExperimentSpec spec, int[] known, List<String> sampleNames, List<String> classNames) {
        return known.clone();
    }
}
