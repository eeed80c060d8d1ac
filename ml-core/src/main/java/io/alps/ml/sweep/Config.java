package io.alps.ml.sweep;

import io.alps.ml.al.ExperimentSpec;

/**
 * The swept values of one configuration (everything but the seed). Fields that do not apply to the
 * kind are null: k and mask only for edge-popup (mask null = learned), prune ratio and rewind only
 * for structured pruning.
 */
public record Config(String kind, String strategy, Double k, Double pruneRatio, String rewind, String mask) {

    public static Config of(ExperimentSpec spec) {
        boolean popup = ExperimentSpec.EDGE_POPUP.equals(spec.kind());
        boolean lth = ExperimentSpec.LTH.equals(spec.kind());
        return new Config(spec.kind(), spec.strategy(), popup ? spec.k() : null, lth ? spec.pruneRatio() : null,
                lth ? spec.rewind() : null, popup ? spec.mask() : null);
    }

    public String label() {
        StringBuilder sb = new StringBuilder(kind).append(' ').append(strategy);
        if (k != null) {
            sb.append(" k=").append(k);
        }
        if (ExperimentSpec.RANDOM_MASK.equals(mask)) {
            sb.append(" random-mask");
        }
        if (pruneRatio != null) {
            sb.append(" p=").append(pruneRatio).append(" rewind=").append(rewind);
        }
        return sb.toString();
    }

    /** The control this configuration is compared with for the given control, or null if none applies. */
    public Config controlFor(String control) {
        return switch (control) {
            case "random-sampling" -> "random".equals(strategy) ? null
                    : new Config(kind, "random", k, pruneRatio, rewind, mask);
            case "random-reinit" -> rewind == null || "random".equals(rewind) ? null
                    : new Config(kind, strategy, k, pruneRatio, "random", mask);
            case "random-mask" -> k == null || mask != null ? null
                    : new Config(kind, strategy, k, pruneRatio, rewind, ExperimentSpec.RANDOM_MASK);
            case "dense" -> ExperimentSpec.DENSE.equals(kind) || mask != null ? null
                    : new Config(ExperimentSpec.DENSE, strategy, null, null, null, null);
            default -> throw new IllegalArgumentException("unknown control '" + control + "'");
        };
    }
}
