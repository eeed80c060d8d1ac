package io.alps.ml.prune;

import io.alps.api.kind.lth.Rewind;

import io.alps.ml.al.NetworkState;

/** The lottery ticket: the kept units restart from their values in the original initial weights theta0. */
public final class Theta0Rewind implements RewindMode {
    public static final String NAME = Rewind.THETA0;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NetworkState rewind(Context ctx) {
        return StructuredPruner.slice(ctx.theta0(), ctx.cut(), ctx.spec().lr());
    }
}
