package io.alps.api.kind;

/**
 * A sweep control: a value added to one axis of the sweep, whose configurations a claim about the
 * others is compared with. The axis is the strategy, the kind, or one of a kind's own fields
 * ({@code field}); the control's configuration for another is the same with that value.
 */
public record Control(String name, String description, Axis axis, String field, Object value) {
    public enum Axis { STRATEGY, KIND, KIND_FIELD }

    /** Adds strategy {@code value} beside the chosen ones. */
    public static Control strategy(String name, String description, String value) {
        return new Control(name, description, Axis.STRATEGY, null, value);
    }

    /** Adds kind {@code value}, at its defaults, beside the sweep's kind. */
    public static Control kind(String name, String description, String value) {
        return new Control(name, description, Axis.KIND, null, value);
    }

    /** Adds {@code value} of the kind's own {@code field} beside its other values. */
    public static Control kindField(String name, String description, String field, Object value) {
        return new Control(name, description, Axis.KIND_FIELD, field, value);
    }
}
