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

    /**
     * Whether people give the labels while the experiment runs: then the pool is every training
     * sample (none of the data set's labels is revealed), each label the experiment needs becomes a
     * query, and the experiment waits for the answers before it trains on them. Such an oracle
     * needs the services, whose console and API take the answers.
     */
    default boolean asksPeople() {
        return false;
    }

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
