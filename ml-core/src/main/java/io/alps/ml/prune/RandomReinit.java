package io.alps.ml.prune;

import io.alps.api.kind.lth.Rewind;

import io.alps.ml.al.NetworkState;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.util.Seeds;

/**
 * The control: the smaller network gets a fresh random initialisation (seeded per round), so any
 * advantage of theta0 rewinding over this is what the kept initial weights contribute.
 */
public final class RandomReinit implements RewindMode {
    public static final String NAME = Rewind.RANDOM;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NetworkState rewind(Context ctx) {
        long seed = Seeds.derive(ctx.spec().seed(), "rewind-random", ctx.nextRound());
        return new NetworkState(ctx.cut().plan(), NetworkBuilder.build(ctx.cut().plan(), ctx.spec().lr(), seed),
                ctx.cut().origins());
    }
}
