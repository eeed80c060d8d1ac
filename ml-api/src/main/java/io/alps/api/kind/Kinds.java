package io.alps.api.kind;

import io.alps.api.kind.lth.LthKind;
import io.alps.api.kind.popup.EdgePopupKind;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of experiment kinds; adding one is one class and one line here (and its engine in ml-core). */
public final class Kinds {
    private static final Map<String, Kind> REGISTRY = new LinkedHashMap<>();

    static {
        register(new DenseKind());
        register(new EdgePopupKind());
        register(new LthKind());
    }

    private Kinds() {
    }

    private static void register(Kind kind) {
        REGISTRY.put(kind.name(), kind);
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
