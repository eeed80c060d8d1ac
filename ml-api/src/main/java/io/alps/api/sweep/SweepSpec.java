package io.alps.api.sweep;

import io.alps.api.kind.Control;
import io.alps.api.kind.Controls;
import io.alps.api.kind.Kind;
import io.alps.api.kind.Kinds;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.SpecKinds;
import io.alps.api.stop.StoppingCriteria;
import io.alps.api.validation.SpecValidation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A base experiment plus lists of values for the swept fields: strategy, seed, network, and in
 * {@code axes} the {@link #COMMON_AXES common fields} any kind may sweep and the base kind's own
 * sweep axes (e.g. edge-popup's k; {@link Kind#sweepAxes()}).
 * Expanding it gives one member per combination of values (a "configuration") and seed. Controls
 * add the configurations a claim must be compared with.
 */
public record SweepSpec(ExperimentSpec base, List<String> strategies, List<Long> seeds,
                        Map<String, List<Object>> axes, List<String> controls, List<String> architectures) {

    /**
     * Common spec fields that are sweep axes of every kind; unlike a kind's own axes they also apply
     * to the controls' configurations (a control is compared on the same images).
     */
    public static final List<String> COMMON_AXES = List.of("imageSize");

    /** Controls by name and what each one adds. */
    public static Map<String, String> controlDescriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        Controls.all().forEach((name, c) -> out.put(name, c.description()));
        return out;
    }

    public SweepSpec {
        architectures = orDefault(architectures, base.architecture());
        strategies = orDefault(strategies, base.strategy());
        seeds = orDefault(seeds, base.seed());
        Map<String, List<Object>> given = axes == null ? Map.of() : axes;
        Map<String, List<Object>> all = new LinkedHashMap<>();
        given.forEach((field, values) -> all.put(field, values == null || values.isEmpty()
                ? baseValue(base, field) : List.copyOf(values)));
        axes = java.util.Collections.unmodifiableMap(all);
        controls = controls == null ? List.of() : List.copyOf(controls);
    }

    /** One experiment of the sweep. */
    public record Member(Config configuration, long seed, ExperimentSpec spec) {
    }

    /** The values listed for {@code field} (one of the base kind's axes), or the base's value alone. */
    public List<Object> values(String field) {
        return axes.containsKey(field) ? axes.get(field) : baseValue(base, field);
    }

    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        for (String c : controls) {
            if (!Controls.all().containsKey(c)) {
                errors.add("controls: unknown '" + c + "', expected one of " + String.join(", ", Controls.names()));
            }
        }
        List<String> kindAxes = Kinds.exists(base.kind()) ? Kinds.get(base.kind()).sweepAxes() : List.of();
        for (String field : axes.keySet()) {
            if (!kindAxes.contains(field) && !COMMON_AXES.contains(field)) {
                errors.add(field + ": not a sweep axis of kind '" + base.kind() + "' (its axes: "
                        + String.join(", ", concat(COMMON_AXES, kindAxes)) + ")");
            }
        }
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            errors.add("seed: repeated values " + seeds);
        }
        if (!StoppingCriteria.NONE.equals(base.stopCriterion())) {
            // Members that stop at different rounds have curves of different lengths: no common AUC or band.
            errors.add("stopWhen: a sweep compares whole learning curves, so its members cannot stop early ('"
                    + base.stopWhen() + "'); every criterion is still reported in each member's round log");
        }
        errors.addAll(memberProblems(SpecValidation::validate));
        return errors;
    }

    /** What {@code check} finds wrong with any member, as "configuration: problem", each line once. */
    public List<String> memberProblems(Function<ExperimentSpec, List<String>> check) {
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
        List<Control> chosen = controls.stream().filter(Controls.all()::containsKey).map(Controls::get).toList();
        List<Object> strategyValues = with(new ArrayList<>(strategies), chosen, Control.Axis.STRATEGY, null);
        List<Object> kinds = with(new ArrayList<>(List.of(base.kind())), chosen, Control.Axis.KIND, null);
        Map<String, Member> members = new LinkedHashMap<>();
        List<Map<String, Object>> commonValues = combinations(COMMON_AXES.stream().filter(axes::containsKey).toList(),
                axes::get);
        for (String architecture : architectures) {
            for (Map<String, Object> common : commonValues) {
                for (Object kind : kinds) {
                    for (Object strategy : strategyValues) {
                        for (Map<String, Object> variation : variations((String) kind, chosen)) {
                            for (long seed : seeds) {
                                Map<String, Object> fields = new HashMap<>(common);
                                fields.putAll(variation);
                                fields.put("kind", kind);
                                fields.put("strategy", strategy);
                                fields.put("seed", seed);
                                fields.put("architecture", architecture);
                                ExperimentSpec spec = base.with(fields);
                                Config config = Config.of(spec);
                                members.putIfAbsent(config.label() + "#" + seed, new Member(config, seed, spec));
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

    /**
     * The base kind's own swept values: every combination of its axes' values, each axis extended by
     * the chosen controls on it (e.g. random-mask adds mask random). Another kind (a control) runs at its defaults.
     */
    private List<Map<String, Object>> variations(String kind, List<Control> chosen) {
        if (!kind.equals(base.kind()) || !Kinds.exists(kind)) {
            return List.of(Map.of());
        }
        List<String> fields = new ArrayList<>(Kinds.get(kind).sweepAxes());
        List<String> own = SpecKinds.fieldNames(Kinds.get(kind));
        chosen.stream().filter(c -> c.axis() == Control.Axis.KIND_FIELD && own.contains(c.field()) && !fields.contains(c.field()))
                .forEach(c -> fields.add(c.field()));
        return combinations(fields, field -> with(new ArrayList<>(values(field)), chosen, Control.Axis.KIND_FIELD, field));
    }

    /** Every combination of one value per field, the first field varying slowest. */
    private static List<Map<String, Object>> combinations(List<String> fields, Function<String, List<Object>> valuesOf) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new HashMap<>());
        for (String field : fields) {
            List<Object> values = valuesOf.apply(field);
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out) {
                for (Object value : values) {
                    Map<String, Object> v = new HashMap<>(partial);
                    v.put(field, value);
                    next.add(v);
                }
            }
            out = next;
        }
        return out;
    }

    /** The base's own value of {@code field} (null for a field at its default, which {@code with} restores). */
    private static List<Object> baseValue(ExperimentSpec base, String field) {
        List<Object> one = new ArrayList<>();
        if (COMMON_AXES.contains(field)) {
            com.fasterxml.jackson.databind.JsonNode value = io.alps.api.report.Json.mapper().valueToTree(base).get(field);
            one.add(value == null ? null : io.alps.api.report.Json.mapper().convertValue(value, Object.class));
        } else {
            one.add(base.options() == null ? null : SpecKinds.value(base.options(), field));
        }
        return one;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<Object> with(List<Object> values, List<Control> chosen, Control.Axis axis, String field) {
        for (Control c : chosen) {
            if (c.axis() == axis && (field == null || field.equals(c.field())) && !values.contains(c.value())) {
                values.add(c.value());
            }
        }
        return values;
    }

    private static <T> List<T> orDefault(List<T> values, T fallback) {
        return values == null || values.isEmpty() ? List.of(fallback) : List.copyOf(values);
    }
}
