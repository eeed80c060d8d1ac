package io.alps.api.kind;

/** Active learning with the dense network, retrained from theta0 each round ({@code keepTraining} continues instead). */
public final class DenseKind implements Kind {
    public static final String NAME = "dense";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "active learning with the dense network";
    }
}
