package io.alps.api.sweep;

import io.alps.api.kind.Controls;
import io.alps.api.kind.Kinds;
import io.alps.api.model.LeNet5;
import io.alps.api.spec.ExperimentSpec;

/**
 * The swept values of one configuration (everything but the seed). Fields that do not apply to the
 * kind are null: k and mask only for edge-popup (mask null = learned), prune ratio and rewind only
 * for structured pruning.
 */
public record Config(String kind, String strategy, Double k, Double pruneRatio, String rewind, String mask,
                     String architecture) {

    /** A configuration of the default network (architecture null, so labels of LeNet-5 sweeps stay as they were). */
    public Config(String kind, String strategy, Double k, Double pruneRatio, String rewind, String mask) {
        this(kind, strategy, k, pruneRatio, rewind, mask, null);
    }

    public static Config of(ExperimentSpec spec) {
        return Kinds.get(spec.kind()).config(spec)
                .withArchitecture(LeNet5.NAME.equals(spec.architecture()) ? null : spec.architecture());
    }

    public Config withStrategy(String newStrategy) {
        return new Config(kind, newStrategy, k, pruneRatio, rewind, mask, architecture);
    }

    public Config withArchitecture(String newArchitecture) {
        return new Config(kind, strategy, k, pruneRatio, rewind, mask, newArchitecture);
    }

    public String label() {
        StringBuilder sb = new StringBuilder(kind).append(' ');
        if (architecture != null) {
            sb.append(architecture).append(' ');
        }
        sb.append(strategy);
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
        Config c = Controls.get(control).controlFor(this);
        // Every control compares on the same network.
        return c == null ? null : c.withArchitecture(architecture);
    }
}
