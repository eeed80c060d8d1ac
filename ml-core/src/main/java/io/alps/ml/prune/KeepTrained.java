package io.alps.ml.prune;

import io.alps.api.kind.lth.Rewind;

import io.alps.ml.al.NetworkState;

/** Fine-tuning: the kept units keep their trained weights and the next round continues from them (with a fresh Adam state). */
public final class KeepTrained implements RewindMode {
    public static final String NAME = Rewind.KEEP;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NetworkState rewind(Context ctx) {
        return StructuredPruner.slice(ctx.trained(), ctx.cut(), ctx.spec().lr());
    }
}
