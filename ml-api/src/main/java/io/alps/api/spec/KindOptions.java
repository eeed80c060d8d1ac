package io.alps.api.spec;

import java.util.List;

/**
 * The fields one experiment kind owns (edge-popup's k, structured pruning's prune ratio, ...), as a
 * record in the kind's package. A null component takes the kind's default in the record's
 * constructor; the spec's JSON stays flat, with these fields beside the common ones.
 */
public interface KindOptions {
    /** Every problem with these fields, as "field: problem (value)"; {@code spec} gives the common fields. */
    default List<String> validate(ExperimentSpec spec) {
        return List.of();
    }

    /** The swept values in a sweep configuration's label, with a leading space (e.g. " k=0.5"); empty for none. */
    default String label() {
        return "";
    }

    /**
     * False for a configuration whose network is never trained (edge-popup's random mask): such a
     * control is compared with what it controls, not with the dense network.
     */
    default boolean trainsNetwork() {
        return true;
    }
}
