package io.alps.api.oracle;

import io.alps.api.spec.ExperimentSpec;
import java.util.List;

/**
 * Who gives the labels an experiment asks for. An oracle turns the data set's own labels into the
 * ones the experiment learns from, and so also decides the pool: the samples it can label.
 */
public interface Oracle {
    /** A sample with no label (yet): the data set has none and the oracle gave none. */
    int NONE = -1;

    String name();

    /** Problems with the spec's settings for this oracle, as "field: problem". */
    default List<String> validate(ExperimentSpec spec) {
        return List.of();
    }

    /**
     * The label of every sample in the pool, in sample-id order; the pool is the first
     * {@code result.length} samples of the training set (those without a label in the data set
     * come last). A sample may stay {@link #NONE} until it is asked for; then it is an error.
     *
     * @param known the data set's labels, {@link #NONE} where it has none
     * @param sampleNames which file each sample is, or null when the samples have no files
     * @param classNames the data set's classes, in label order
     */
    int[] labels(ExperimentSpec spec, int[] known, List<String> sampleNames, List<String> classNames);

    /** Why sample {@code name} has no label, for the error that stops an experiment asking for it. */
    String missing(ExperimentSpec spec, String name);
}
