package io.alps.reporter.fuzz;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Request bodies a client might send to the spec and sweep endpoints: well-formed objects with
 * known and unknown fields and values of every kind (huge numbers, long texts, lists, nested
 * objects, deep nesting), valid specs with random edits, and text that is no JSON at all.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    static final List<String> FIELDS = List.of("kind", "dataset", "data", "dataName", "architecture", "seed",
            "strategy", "initial", "budget", "rounds", "epochs", "batch", "lr", "trainLimit", "testLimit",
            "keepTraining", "k", "pruneRatio", "rewind", "pruneDense", "finalComparison", "mask", "oracle", "labels",
            "dropout", "mcSamples", "stopWhen", "stopKappa", "stopUncertainty", "labelBudget", "pruneRoundTo", "controls");

    /** Valid specs and sweeps for the test's registered data set: the starting points of the edits. */
    static final List<String> VALID = List.of(
            "{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"rounds\":0,\"epochs\":1}",
            "{\"kind\":\"edge-popup\",\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"k\":0.5,\"rounds\":1,"
                    + "\"epochs\":1,\"initial\":20,\"budget\":10,\"strategy\":\"bald\",\"dropout\":0.2,\"mcSamples\":5}",
            "{\"kind\":\"lth\",\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"pruneRatio\":0.2,\"rewind\":\"theta0\","
                    + "\"epochs\":1,\"rounds\":1,\"initial\":20,\"budget\":10}",
            "{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\",\"seed\":[1,2],"
                    + "\"strategy\":[\"entropy\",\"margin\"],\"controls\":[\"random-sampling\"],\"epochs\":1,\"rounds\":0}");

    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

    static String quote(String text) {
        return "\"" + new String(ESCAPE.quoteAsString(text)) + "\"";
    }

    /** Any body: mostly JSON objects, some edited valid specs, some deep nesting, some garbage. */
    public static Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, objects(3)),
                net.jqwik.api.Tuple.of(4, edited()),
                net.jqwik.api.Tuple.of(1, deepNesting()),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(300)));
    }

    /** A JSON object of known and unknown fields. */
    public static Arbitrary<String> objects(int depth) {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(FIELDS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(100)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(60, 70_000).map("f"::repeat)));
        Arbitrary<String> entry = Combinators.combine(name, values(depth)).as((n, v) -> quote(n) + ":" + v);
        return entry.list().ofMaxSize(12).map(entries -> "{" + String.join(",", entries) + "}");
    }

    /** Any JSON value, at most {@code depth} containers deep (deep nesting is {@link #deepNesting}). */
    static Arbitrary<String> values(int depth) {
        Arbitrary<String> scalar = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(-3, 300).map(String::valueOf)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange('0', '9').ofMinLength(19).ofMaxLength(90)
                        .map(d -> "1" + d)),
                net.jqwik.api.Tuple.of(2, Arbitraries.doubles().map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("1e999", "-1e999", "1.7976931348623157e308", "4.9e-324", "-0",
                        "0.0", "1e-999", "12345678901234567890.5")),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("dense", "edge-popup", "lth", "fashion-mnist", "cifar10", "folder",
                        "tiny-fashion", "bald", "entropy", "badge", "coreset", "random", "theta0", "epoch:2", "human", "file",
                        "lenet5", "resnet18", "random-sampling", "dense", "label-budget", "/etc", "..\\x", "")
                        .map(RequestBodies::quote)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(200).map(RequestBodies::quote)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(100, 100_000).map(n -> quote("x".repeat(n)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("true", "false", "null")));
        if (depth <= 0) {
            return scalar;
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, scalar),
                net.jqwik.api.Tuple.of(2, Arbitraries.lazy(() -> values(depth - 1)).list().ofMaxSize(40)
                        .map(items -> "[" + String.join(",", items) + "]")),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(800, 3000).map(n -> "[" + String.join(",",
                        java.util.Collections.nCopies(n, "7")) + "]")),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> objects(depth - 1))));
    }

    /** Containers nested hundreds or thousands of levels deep, inside a field or as the whole body. */
    static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 5000), Arbitraries.of("[", "{\"a\":"),
                Arbitraries.of(true, false)).as((n, open, inField) -> {
                    String close = open.equals("[") ? "]" : "}";
                    String nested = open.repeat(n) + "1" + close.repeat(n);
                    return inField ? "{\"kind\":" + nested + "}" : nested;
                });
    }

    /** A valid spec or sweep with up to five random edits: characters deleted, inserted or repeated, or cut off. */
    static Arbitrary<String> edited() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.doubles()
                .between(0, 1), Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '9', '-', 'e', '.', '\\', 'x', ' ')
                .map(String::valueOf), Arbitraries.integers().between(1, 2000)).as(Edit::new);
        return Combinators.combine(Arbitraries.of(VALID), edit.list().ofMinSize(1).ofMaxSize(5)).as((text, edits) -> {
            String out = text;
            for (Edit e : edits) {
                out = e.apply(out);
            }
            return out;
        });
    }

    private record Edit(int kind, double where, String character, int times) {
        String apply(String text) {
            int at = (int) (where * text.length());
            return switch (kind) {
                case 0 -> text.isEmpty() ? text : text.substring(0, Math.min(at, text.length() - 1))
                        + text.substring(Math.min(at, text.length() - 1) + 1);
                case 1 -> text.substring(0, at) + character + text.substring(at);
                case 2 -> text.substring(0, at) + character.repeat(times) + text.substring(at);
                default -> text.substring(0, at);
            };
        }
    }
}
