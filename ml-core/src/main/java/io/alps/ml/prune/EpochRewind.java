package io.alps.ml.prune;

import io.alps.api.kind.lth.Rewind;

import io.alps.ml.al.NetworkState;
import io.alps.ml.train.Trainer;

/**
 * Late rewinding (Frankle et al., "Linear Mode Connectivity and the Lottery Ticket Hypothesis"):
 * the kept units restart from their values after epoch E of round 0, the training of the full
 * original network. That snapshot plays theta0's role for every later round.
 */
public final class EpochRewind implements RewindMode {
    public static final String PREFIX = Rewind.EPOCH_PREFIX;

    private final int epoch;
    private NetworkState snapshot;

    public EpochRewind(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("rewind epoch must be >= 1, got " + epoch);
        }
        this.epoch = epoch;
    }

    public int epoch() {
        return epoch;
    }

    @Override
    public String name() {
        return PREFIX + epoch;
    }

    @Override
    public Trainer.EpochListener epochHook(int round, NetworkState training) {
        if (round != 0) {
            return null;
        }
        return m -> {
            if (m.epoch() == epoch) {
                snapshot = training.copy();
            }
        };
    }

    /** The captured weights; null until round 0 has trained past epoch E. */
    public NetworkState snapshot() {
        return snapshot;
    }

    @Override
    public NetworkState rewind(Context ctx) {
        if (snapshot == null) {
            throw new IllegalStateException("no weights after epoch " + epoch + " of round 0 were captured; round 0 "
                    + "trained " + ctx.spec().epochs() + " epochs");
        }
        return StructuredPruner.slice(snapshot, ctx.cut(), ctx.spec().lr());
    }
}
