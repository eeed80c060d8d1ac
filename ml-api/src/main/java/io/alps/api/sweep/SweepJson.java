package io.alps.api.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.report.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A sweep written as JSON, the services' form of {@code alps sweep}: an experiment spec in which
 * strategy, seed, k, pruneRatio, rewind and architecture may be lists, plus a list of controls, e.g.
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
        List<Double> ks = values(base, "k", JsonNode::isNumber, JsonNode::asDouble, "a number", errors);
        List<Double> ratios = values(base, "pruneRatio", JsonNode::isNumber, JsonNode::asDouble, "a number", errors);
        List<String> rewinds = values(base, "rewind", JsonNode::isTextual, JsonNode::asText, "a name", errors);
        List<String> controls = values(base, "controls", JsonNode::isTextual, JsonNode::asText, "a name", errors);
        List<String> architectures = values(base, "architecture", JsonNode::isTextual, JsonNode::asText, "a name", errors);
        ExperimentSpec spec;
        try {
            spec = ExperimentSpec.fromJson(base.toString());
        } catch (ExperimentSpec.SpecException e) {
            errors.addAll(e.errors());
            spec = null;
        }
        if (!errors.isEmpty()) {
            throw new ExperimentSpec.SpecException(errors);
        }
        // The base carries the first value of each list, as the CLI's sweep does.
        Map<String, Object> first = new java.util.HashMap<>();
        put(first, "strategy", strategies);
        put(first, "seed", seeds);
        put(first, "k", ks);
        put(first, "pruneRatio", ratios);
        put(first, "rewind", rewinds);
        put(first, "architecture", architectures);
        SweepSpec sweep = new SweepSpec(spec.with(first), strategies, seeds, ks, ratios, rewinds, controls, architectures);
        List<String> problems = sweep.validate();
        if (!problems.isEmpty()) {
            throw new ExperimentSpec.SpecException(problems);
        }
        return sweep;
    }

    /** Removes {@code field} from {@code base} and returns its value(s); null when absent. */
    private static <T> List<T> values(ObjectNode base, String field, java.util.function.Predicate<JsonNode> fits,
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
