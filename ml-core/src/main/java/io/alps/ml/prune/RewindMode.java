package io.alps.ml.prune;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.NetworkState;
import io.alps.ml.train.Trainer;

/**
 * Where the weights of the next round's smaller network come from. One class per mode,
 * registered in {@link RewindModes}; an instance lives for one experiment.
 */
public interface RewindMode {

    /** Everything a mode may draw from: the round that just trained and the original network. */
    record Context(ExperimentSpec spec, int round, StructuredPruner.Cut cut, NetworkState trained,
                   NetworkState theta0) {
        /** The round the produced network will train in. */
        public int nextRound() {
            return round + 1;
        }
    }

    /** The spec value that selects this mode, e.g. "theta0" or "epoch:3". */
    String name();

    /** Watches round {@code round}'s training of {@code training}; null when the mode needs nothing from it. */
    default Trainer.EpochListener epochHook(int round, NetworkState training) {
        return null;
    }

    /** The network round {@code ctx.nextRound()} starts from, shaped as {@code ctx.cut()}. */
    NetworkState rewind(Context ctx);
}
