package io.alps.api.kind.lth;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.KindOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Structured pruning's own fields: the ratio cut per round, the rewind mode, whether hidden dense
 * layers are pruned too, and the multiple kept counts move to.
 */
public record LthOptions(Double pruneRatio, String rewind, Boolean pruneDense, Integer pruneRoundTo)
        implements KindOptions {

    public LthOptions {
        pruneRatio = pruneRatio == null ? 0.02 : pruneRatio;
        rewind = rewind == null ? Rewind.THETA0 : rewind;
        pruneDense = pruneDense != null && pruneDense;
        // Added after the first version: stored as null at its default, so older specs keep their hash.
        pruneRoundTo = pruneRoundTo != null && pruneRoundTo == PruneSchedule.NO_ROUNDING ? null : pruneRoundTo;
    }

    /** The multiple pruned layers' kept counts move to ({@code pruneRoundTo}); 1 for counts as they fall. */
    public int pruneMultiple() {
        return pruneRoundTo == null ? PruneSchedule.NO_ROUNDING : pruneRoundTo;
    }

    public PruneSchedule schedule() {
        return new PruneSchedule(pruneRatio, pruneDense, pruneMultiple());
    }

    @Override
    public List<String> validate(ExperimentSpec spec) {
        List<String> errors = new ArrayList<>();
        if (!(pruneRatio >= 0 && pruneRatio < 1)) {
            errors.add("pruneRatio: must be in [0, 1) (got " + pruneRatio + ")");
        }
        if (pruneMultiple() < 1) {
            errors.add("pruneRoundTo: must be >= 1, 1 meaning counts as they fall (got " + pruneMultiple() + ")");
        }
        if (!Rewind.known(rewind)) {
            errors.add("rewind: unknown '" + rewind + "', " + Rewind.EXPECTED);
        } else if (Rewind.epoch(rewind).filter(e -> e > spec.epochs()).isPresent()) {
            errors.add("rewind: " + rewind + " is after the last of the " + spec.epochs() + " epochs round 0 trains");
        }
        return errors;
    }

    @Override
    public String label() {
        return " p=" + pruneRatio + " rewind=" + rewind;
    }
}
