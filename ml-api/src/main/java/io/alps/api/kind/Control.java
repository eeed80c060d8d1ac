package io.alps.api.kind;

import io.alps.api.sweep.Config;
import java.util.function.UnaryOperator;

/**
 * A sweep control: the configuration a claim about {@code configuration} must be compared with,
 * or null where the control does not apply (the configuration is its own control, or another kind).
 */
public record Control(String name, String description, UnaryOperator<Config> counterpart) {
    public Config controlFor(Config configuration) {
        return counterpart.apply(configuration);
    }
}
