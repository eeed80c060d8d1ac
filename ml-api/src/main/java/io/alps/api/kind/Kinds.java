package io.alps.api.kind;

import io.alps.api.spec.SpecKind;
import io.alps.api.spec.SpecKinds;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of experiment kinds: the providers of {@code META-INF/services/io.alps.api.spec.SpecKind},
 * in that file's order. Adding a kind is its package and one line there (and its engine in ml-core).
 */
public final class Kinds {
    private static final Map<String, Kind> REGISTRY = new LinkedHashMap<>();

    static {
        for (SpecKind k : SpecKinds.all()) {
            if (!(k instanceof Kind kind)) {
                throw new IllegalStateException(k.getClass().getName() + " is registered as a kind but is no " + Kind.class.getName());
            }
            REGISTRY.put(kind.name(), kind);
        }
    }

    private Kinds() {
    }

    public static Kind get(String name) {
        Kind k = REGISTRY.get(name);
        if (k == null) {
            throw new IllegalArgumentException("unknown kind '" + name + "', expected one of " + String.join(", ", names()));
        }
        return k;
    }

    public static boolean exists(String name) {
        return REGISTRY.containsKey(name);
    }

    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    public static Collection<Kind> all() {
        return REGISTRY.values();
    }
}
