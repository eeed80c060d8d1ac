package io.alps.ml.prune;

import io.alps.api.kind.lth.Rewind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The registry of rewind modes by spec value (the vocabulary is {@link Rewind}'s); adding one is one class and one line here. */
public final class RewindModes {
    /** Modes keyed by name; a parameterised mode is keyed by its prefix and gets the text after it. */
    private static final Map<String, Function<String, RewindMode>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put(Theta0Rewind.NAME, arg -> new Theta0Rewind());
        REGISTRY.put(EpochRewind.PREFIX, arg -> new EpochRewind(parseEpoch(arg)));
        REGISTRY.put(RandomReinit.NAME, arg -> new RandomReinit());
        REGISTRY.put(KeepTrained.NAME, arg -> new KeepTrained());
    }

    private RewindModes() {
    }

    /** A fresh mode for one experiment, from one of {@link Rewind#VALUES}. */
    public static RewindMode parse(String value) {
        for (Map.Entry<String, Function<String, RewindMode>> e : REGISTRY.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(":") ? value.startsWith(key) : value.equals(key)) {
                return e.getValue().apply(value.substring(key.length()));
            }
        }
        throw new IllegalArgumentException("unknown rewind mode '" + value + "': " + Rewind.EXPECTED);
    }

    private static int parseEpoch(String arg) {
        try {
            return Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rewind epoch:E needs a whole number of epochs, got '" + arg + "'");
        }
    }
}
