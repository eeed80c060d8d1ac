package io.alps.api.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The registered kinds as the spec sees them, in registration order (the order of the providers file). */
public final class SpecKinds {
    private static final List<SpecKind> ALL = load();
    private static final Map<Class<? extends KindOptions>, KindOptions> DEFAULTS = new ConcurrentHashMap<>();

    private SpecKinds() {
    }

    private static List<SpecKind> load() {
        List<SpecKind> kinds = new ArrayList<>();
        ServiceLoader.load(SpecKind.class, SpecKind.class.getClassLoader()).forEach(kinds::add);
        Set<String> names = new LinkedHashSet<>();
        for (SpecKind k : kinds) {
            if (!names.add(k.name())) {
                throw new IllegalStateException("kind '" + k.name() + "' is registered twice");
            }
        }
        return List.copyOf(kinds);
    }

    public static List<SpecKind> all() {
        return ALL;
    }

    public static Optional<SpecKind> find(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The kind's own fields at their defaults (records: one shared value per kind). */
    public static KindOptions defaults(SpecKind kind) {
        return DEFAULTS.computeIfAbsent(kind.optionsType(),
                type -> FlatJson.readOptions(type, FlatJson.MAPPER.createObjectNode()));
    }

    /** The names of the kind's own fields, in the record's order. */
    public static List<String> fieldNames(SpecKind kind) {
        return FlatJson.fieldNames(kind.optionsType());
    }

    /** The value of {@code field} in {@code options} as JSON would carry it (a Double, String, ...); null when unset. */
    public static Object value(KindOptions options, String field) {
        ObjectNode node = FlatJson.MAPPER.valueToTree(options);
        return node.has(field) ? FlatJson.MAPPER.convertValue(node.get(field), Object.class) : null;
    }

    /** {@code options} with {@code field} set to {@code value} (null restores its default). */
    public static KindOptions with(KindOptions options, String field, Object value) {
        ObjectNode node = FlatJson.MAPPER.valueToTree(options);
        if (value == null) {
            node.remove(field);
        } else {
            node.set(field, FlatJson.MAPPER.valueToTree(value));
        }
        return FlatJson.readOptions(options.getClass(), node);
    }
}
