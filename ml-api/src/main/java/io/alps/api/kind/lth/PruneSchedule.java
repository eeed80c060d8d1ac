package io.alps.api.kind.lth;

import io.alps.api.model.LayerNames;
import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * How many units each prunable layer keeps after each round.
 *
 * <p>The rule: a layer that had {@code n} units in the original network keeps
 * {@code round(n * (1 - p)^r)} units after round {@code r} (half rounds up). The count is taken
 * from the ORIGINAL width each round, so fractions accumulate: LeNet-5's 16 conv filters at the
 * default p = 0.02 go 16, 16, 15, 15, 15, 14 and its 6 filters 6, 6, 6, 6, 6, 5 over rounds 0-5,
 * where cutting 2 % of the current width (0.12 or 0.32 of a filter) would never cut anything. A
 * schedule in which any layer would reach 0 units is rejected before training, never clamped.
 *
 * <p>Conv layers are always pruned (filters); hidden dense layers (units) only with
 * {@code pruneDense}. The output layer is never pruned.
 *
 * <p>With {@code roundTo} m above 1, a layer whose original width is a multiple of m keeps the
 * multiple of m nearest to the rule's count (at least m), as Torch-Pruning's {@code round_to} does:
 * CPU kernels compute channels in blocks (oneDNN: 16 floats), so 38 filters cost as much as 48, and
 * a network cut to such counts runs at the speed of the wider one. Other layers keep the rule's count.
 */
public record PruneSchedule(double ratio, boolean pruneDense, int roundTo) {
    /** The reference rule: counts as they fall. */
    public static final int NO_ROUNDING = 1;

    public PruneSchedule {
        if (!(ratio >= 0 && ratio < 1)) {
            throw new IllegalArgumentException("prune ratio must be in [0, 1), got " + ratio);
        }
        if (roundTo < 1) {
            throw new IllegalArgumentException("prune round-to must be at least 1, got " + roundTo);
        }
    }

    public PruneSchedule(double ratio, boolean pruneDense) {
        this(ratio, pruneDense, NO_ROUNDING);
    }

    /** Units kept after round {@code round} by a layer that originally had {@code original} units. */
    public static int keep(int original, double ratio, int round) {
        return (int) Math.round(original * Math.pow(1 - ratio, round));
    }

    /** {@link #keep(int, double, int)}, moved to the nearest multiple of {@code roundTo} where that applies. */
    public int keep(int original, int round) {
        int count = keep(original, ratio, round);
        if (roundTo == NO_ROUNDING || count < 1 || original % roundTo != 0) {
            return count;
        }
        return Math.max(roundTo, roundTo * (int) Math.round((double) count / roundTo));
    }

    /** The plan indices of the layers this schedule prunes. */
    public List<Integer> layers(NetworkPlan plan) {
        List<Integer> out = new ArrayList<>();
        for (int i : plan.weightedLayers()) {
            LayerSpec s = plan.layers().get(i);
            if (s instanceof LayerSpec.Conv || (pruneDense && s instanceof LayerSpec.Dense)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The layers cut together, as groups (see {@link NetworkPlan#channelGroups()}: the layers whose
     * outputs meet in a residual sum share their channels); only groups this schedule prunes.
     */
    public List<List<Integer>> groups(NetworkPlan plan) {
        List<Integer> pruned = layers(plan);
        return plan.channelGroups().stream().filter(g -> g.stream().anyMatch(pruned::contains)).toList();
    }

    /** The widths the original plan has after round {@code round}. */
    public NetworkPlan planAt(NetworkPlan original, int round) {
        NetworkPlan plan = original;
        for (int i : layers(original)) {
            plan = plan.withWidth(i, keep(original.width(i), round));
        }
        return plan;
    }

    /** Every layer that would lose all its units within {@code rounds} rounds, as spec errors. */
    public List<String> validate(NetworkPlan original, int rounds) {
        List<String> errors = new ArrayList<>();
        for (List<Integer> group : groups(original)) {
            if (group.contains(NetworkPlan.INPUT)) {
                errors.add("pruneRatio: the channels of " + group.stream().filter(i -> i != NetworkPlan.INPUT)
                        .map(i -> LayerNames.of(original, i)).toList() + " are added to the input image's own "
                        + "channels, which cannot be cut; use a ratio of 0 for " + original.architecture());
            }
        }
        for (int i : layers(original)) {
            int n = original.width(i);
            for (int r = 1; r <= rounds; r++) {
                if (keep(n, r) < 1) {
                    errors.add(String.format("pruneRatio: %s would remove every unit of layer %s (%d %s) by round %d "
                                    + "of %d; lower the ratio or the rounds", ratio, LayerNames.of(original, i), n,
                            original.layers().get(i) instanceof LayerSpec.Conv ? "filters" : "units", r, rounds));
                    break;
                }
            }
        }
        return errors;
    }

    /** The rule in words, for reports. */
    public String describe() {
        String rule = String.format("keep round(n * (1 - %s)^r) units of each %s after round r (n = original width)",
                ratio, pruneDense ? "conv and hidden dense layer" : "conv layer");
        return roundTo == NO_ROUNDING ? rule
                : rule + String.format(", moved to the nearest multiple of %d (at least %d) where n is a multiple of %d",
                roundTo, roundTo, roundTo);
    }
}
