package io.alps.ml.sweep;

import io.alps.ml.al.ExperimentSpec;
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
                        List<Double> pruneRatios, List<String> rewinds, List<String> controls) {

    /** Controls by name and what each one adds. */
    public static final Map<String, String> CONTROLS = Map.of(
            "random-sampling", "strategy random beside the chosen strategies (active learning)",
            "random-reinit", "rewind random beside the chosen rewinds (structured pruning)",
            "random-mask", "edge-popup with its initial random scores kept (a random mask with the same k, never trained)",
            "dense", "the dense network with the same schedule, strategies and seeds (subnetwork methods)");

    public SweepSpec {
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
            if (!CONTROLS.containsKey(c)) {
                errors.add("controls: unknown '" + c + "', expected one of " + String.join(", ", CONTROLS.keySet()));
            }
        }
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            errors.add("seed: repeated values " + seeds);
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
        List<String> strategyValues = with(strategies, controls.contains("random-sampling"), "random");
        List<String> rewindValues = with(rewinds, controls.contains("random-reinit") && ExperimentSpec.LTH.equals(base.kind()), "random");
        List<String> kinds = new ArrayList<>(List.of(base.kind()));
        if (controls.contains("dense") && !ExperimentSpec.DENSE.equals(base.kind())) {
            kinds.add(ExperimentSpec.DENSE);
        }
        List<String> masks = new ArrayList<>(java.util.Collections.singletonList(base.mask()));
        if (controls.contains("random-mask") && !masks.contains(ExperimentSpec.RANDOM_MASK)) {
            masks.add(ExperimentSpec.RANDOM_MASK);
        }
        Map<String, Member> members = new LinkedHashMap<>();
        for (String kind : kinds) {
            boolean popup = ExperimentSpec.EDGE_POPUP.equals(kind);
            boolean lth = ExperimentSpec.LTH.equals(kind);
            for (String strategy : strategyValues) {
                for (double k : popup ? ks : List.of(base.k())) {
                    for (String mask : popup ? masks : java.util.Collections.<String>singletonList(null)) {
                        for (double ratio : lth ? pruneRatios : List.of(base.pruneRatio())) {
                            for (String rewind : lth ? rewindValues : List.of(base.rewind())) {
                                for (long seed : seeds) {
                                    ExperimentSpec spec = derive(kind, strategy, seed, k, ratio, rewind, mask);
                                    Config config = Config.of(spec);
                                    members.putIfAbsent(config.label() + "#" + seed, new Member(config, seed, spec));
                                }
                            }
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

    private ExperimentSpec derive(String kind, String strategy, long seed, double k, double ratio, String rewind,
                                  String mask) {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("kind", kind, "strategy", strategy, "seed", seed,
                "k", k, "pruneRatio", ratio, "rewind", rewind));
        fields.put("mask", mask);
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
