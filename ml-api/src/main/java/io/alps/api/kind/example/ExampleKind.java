package io.alps.api.kind.example;

import io.alps.api.kind.Control;
import io.alps.api.kind.Kind;
import io.alps.api.spec.KindOptions;
import java.util.List;

/**
 * A demonstration kind: active learning with the dense network that restarts from theta0 only every
 * {@code restartEvery} rounds and keeps training in between. Everything the kind is lives here and in
 * {@link ExampleOptions}; it is registered by one line in META-INF/services.
 */
public final class ExampleKind implements Kind {
    public static final String NAME = "example";
    public static final String ALWAYS_RESTART_CONTROL = "always-restart";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "demonstration: the dense network restarted from theta0 every restartEvery rounds";
    }

    @Override
    public Class<? extends KindOptions> optionsType() {
        return ExampleOptions.class;
    }

    @Override
    public List<String> sweepAxes() {
        return List.of("restartEvery");
    }

    @Override
    public List<Control> controls() {
        return List.of(Control.kindField(ALWAYS_RESTART_CONTROL, "restartEvery 1 beside the chosen values (example kind)",
                "restartEvery", 1));
    }
}
