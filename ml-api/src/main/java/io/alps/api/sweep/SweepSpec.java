package io.alps.api.sweep;

import io.alps.api.kind.Controls;
import io.alps.api.kind.DenseKind;
import io.alps.api.kind.Kinds;
import io.alps.api.spec.ExperimentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A base experiment plus lists of values for the swept fields. Expanding it gives one member per
 * combination of values (a "configuration") and seed. Controls add the configurations a claim must
 * be compared with.
 */
public record SweepSpec(ExperimentSpec base, List<String> strategies, List<Long> seeds, List<Double> ks,
                        List<Double> pruneRatios, List<String> rewinds, List<String> controls,
                        List<String> architectures) {

    /** Controls by name and what each one adds. */
    public static Map<String, String> controlDescriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        Controls.all().forEach((name, c) -> out.put(name, c.description()));
        return out;
    }

    /** A sweep on the base spec's network. */
    public SweepSpec(ExperimentSpec base, List<String> strategies, List<Long> seeds, List<Double> ks,
                     List<Double> pruneRatios, List<String> rewinds, List<String> controls) {
        this(base, strategies, seeds, ks, pruneRatios, rewinds, controls, null);
    }

    public SweepSpec {
        architectures = orDefault(architectures, base.architecture());
        strategies = orDefault(strategies, base.strategy());
        seeds = orDefault(seeds, base.seed());
        ks = orDefault(ks, base.k());
        pruneRatios = orDefault(pruneRatios, base.pruneRatio());
        rewinds = orDefault(rewinds, base.rewind());
        controls = controls == null ? List.of() : List.copyOf(controls);
    }

    /** One experiment of the sweep. */
    public record Member(Config configuration, long seed, ExperimentSpec spec) {
    }

    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        for (String c : controls) {
            if (!Controls.all().containsKey(c)) {
                errors.add("controls: unknown '" + c + "', expected one of " + String.join(", ", Controls.all().keySet()));
            }
        }
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            errors.add("seed: repeated values " + seeds);
        }
        if (!io.alps.api.stop.StoppingCriteria.NONE.equals(base.stopCriterion())) {
            // Members that stop at different rounds have curves of different lengths: no common AUC or band.
            errors.add("stopWhen: a sweep compares whole learning curves, so its members cannot stop early ('"
                    + base.stopWhen() + "'); every criterion is still reported in each member's round log");
        }
        errors.addAll(memberProblems(ExperimentSpec::validate));
        return errors;
    }

    /** What {@code check} finds wrong with any member, as "configuration: problem", each line once. */
    public List<String> memberProblems(java.util.function.Function<ExperimentSpec, List<String>> check) {
        List<String> errors = new ArrayList<>();
        for (Member m : expand()) {
            for (String e : check.apply(m.spec())) {
                String msg = m.configuration().label() + ": " + e;
                if (!errors.contains(msg)) {
                    errors.add(msg);
                }
            }
        }
        return errors;
    }

    public List<Member> expand() {
        List<String> strategyValues = with(strategies, controls.contains(Controls.RANDOM_SAMPLING), "random");
        List<String> kinds = new ArrayList<>(List.of(base.kind()));
        if (controls.contains(Controls.DENSE) && !DenseKind.NAME.equals(base.kind())) {
            kinds.add(DenseKind.NAME);
        }
        Map<String, Member> members = new LinkedHashMap<>();
        for (String architecture : architectures) {
            for (String kind : kinds) {
                for (String strategy : strategyValues) {
                    for (Map<String, Object> variation : Kinds.get(kind).variations(this)) {
                        for (long seed : seeds) {
                            ExperimentSpec spec = derive(kind, strategy, seed, variation).with(Map.of("architecture",
                                    architecture));
                            Config config = Config.of(spec);
                            members.putIfAbsent(config.label() + "#" + seed, new Member(config, seed, spec));
                        }
                    }
                }
            }
        }
        return List.copyOf(members.values());
    }

    /** The distinct configurations in expansion order. */
    public List<Config> configurations() {
        return expand().stream().map(Member::configuration).distinct().toList();
    }

    /** A member's spec: the kind's own swept fields from {@code variation}, the other kinds' fields as in the base. */
    private ExperimentSpec derive(String kind, String strategy, long seed, Map<String, Object> variation) {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("kind", kind, "strategy", strategy, "seed", seed,
                "k", base.k(), "pruneRatio", base.pruneRatio(), "rewind", base.rewind()));
        fields.put("mask", null);
        fields.putAll(variation);
        return base.with(fields);
    }

    private static <T> List<T> orDefault(List<T> values, T fallback) {
        return values == null || values.isEmpty() ? List.of(fallback) : List.copyOf(values);
    }

    private static List<String> with(List<String> values, boolean add, String extra) {
        List<String> out = new ArrayList<>(values);
        if (add && !out.contains(extra)) {
            out.add(extra);
        }
        return out;
    }
}
