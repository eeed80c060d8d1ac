package io.alps.api.oracle;

import io.alps.api.spec.ExperimentSpec;
import java.util.List;

/**
 * Who gives the labels an experiment asks for. An oracle turns the data set's own labels into the
 * ones the experiment learns from, and so also decides the pool: the samples it has a label for.
 */
public interface Oracle {
    /** A sample without a label: the data set has none and the oracle gives none; it stays out of the pool. */
    int NONE = -1;

    String name();

    /** Problems with the spec's settings for this oracle, as "field: problem". */
    default List<String> validate(ExperimentSpec spec) {
        return List.of();
    }

    /**
     * The label of every training sample, in sample-id order, {@link #NONE} where the oracle has none.
     *
     * @param known the data set's labels, {@link #NONE} where it has none
     * @param sampleNames which file each sample is, or null when the samples have no files
     * @param classNames the data set's classes, in label order
     */
    int[] labels(ExperimentSpec spec, int[] known, List<String> sampleNames, List<String> classNames);
}
