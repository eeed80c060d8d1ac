package io.alps.api.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alps.api.kind.Kinds;
import io.alps.api.report.Json;
import io.alps.api.spec.ExperimentSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A sweep written as JSON, the services' form of {@code alps sweep}: an experiment spec in which
 * strategy, seed, architecture, imageSize and the kind's sweep axes (edge-popup's k, structured
 * pruning's pruneRatio and rewind) may be lists, plus a list of controls, e.g.
 * {@code {"kind":"dense","strategy":["least-confidence","entropy"],"seed":[1,2,3],"controls":["random-sampling"]}}.
 */
public final class SweepJson {
    private SweepJson() {
    }

    /** Parses a sweep; every bad field is named in the {@link ExperimentSpec.SpecException}. */
    public static SweepSpec parse(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (JsonProcessingException e) {
            throw new ExperimentSpec.SpecException(List.of("sweep: not valid JSON: " + e.getOriginalMessage()));
        }
        if (!(root instanceof ObjectNode fields)) {
            throw new ExperimentSpec.SpecException(List.of("sweep: expected a JSON object"));
        }
        ObjectNode base = fields.deepCopy();
        List<String> errors = new ArrayList<>();
        List<String> strategies = values(base, "strategy", JsonNode::isTextual, JsonNode::asText, "a name", errors);
        List<Long> seeds = values(base, "seed", JsonNode::isIntegralNumber, JsonNode::asLong, "a whole number", errors);
        List<String> controls = values(base, "controls", JsonNode::isTextual, JsonNode::asText, "a name", errors);
        List<String> architectures = values(base, "architecture", JsonNode::isTextual, JsonNode::asText, "a name", errors);
        JsonNode kind = base.get("kind");
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        if (kind == null || kind.isNull() || Kinds.exists(kind.asText())) {
            String kindName = kind == null || kind.isNull() ? ExperimentSpec.DEFAULT_KIND : kind.asText();
            List<String> sweepable = new ArrayList<>(SweepSpec.COMMON_AXES);
            sweepable.addAll(Kinds.get(kindName).sweepAxes());
            for (String axis : sweepable) {
                List<Object> values = values(base, axis, JsonNode::isValueNode,
                        n -> Json.mapper().convertValue(n, Object.class), "a value", errors);
                if (values != null) {
                    axes.put(axis, values);
                }
            }
        }
        ExperimentSpec spec;
        try {
            spec = ExperimentSpec.fromJson(base.toString());
        } catch (ExperimentSpec.SpecException e) {
            errors.addAll(e.errors());
            spec = null;
        }
        if (spec != null) {
            for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
                for (Object value : axis.getValue()) {
                    try {
                        spec.with(Map.of(axis.getKey(), value));
                    } catch (ExperimentSpec.SpecException e) {
                        errors.addAll(e.errors());
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ExperimentSpec.SpecException(errors);
        }
        // The base carries the first value of each list, as the CLI's sweep does.
        Map<String, Object> first = new HashMap<>();
        put(first, "strategy", strategies);
        put(first, "seed", seeds);
        put(first, "architecture", architectures);
        axes.forEach((field, values) -> put(first, field, values));
        SweepSpec sweep = new SweepSpec(spec.with(first), strategies, seeds, axes, controls, architectures);
        List<String> problems = sweep.validate();
        if (!problems.isEmpty()) {
            throw new ExperimentSpec.SpecException(problems);
        }
        return sweep;
    }

    /** Removes {@code field} from {@code base} and returns its value(s); null when absent. */
    private static <T> List<T> values(ObjectNode base, String field, Predicate<JsonNode> fits,
                                      Function<JsonNode, T> read, String what, List<String> errors) {
        JsonNode node = base.remove(field);
        if (node == null || node.isNull()) {
            return null;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
            if (items.isEmpty()) {
                errors.add(field + ": empty list");
            }
        } else {
            items.add(node);
        }
        List<T> out = new ArrayList<>();
        for (JsonNode item : items) {
            if (fits.test(item)) {
                out.add(read.apply(item));
            } else {
                errors.add(field + ": expected " + what + " or a list of them (got " + item + ")");
            }
        }
        return out;
    }

    private static void put(Map<String, Object> first, String field, List<?> values) {
        if (values != null && !values.isEmpty()) {
            first.put(field, values.get(0));
        }
    }
}
