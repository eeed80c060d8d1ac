package io.alps.reporter.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a submitted spec or sweep, as parsed JSON, against {@link SubmitLimits} before anything
 * is built from it: every whole-number field against its maximum, every text against its length,
 * every sweep axis against its length and the sweep's size as the product of its axes. Cheap
 * (one pass over a body of at most {@link SubmitLimits.Bodies#jsonBytes()}), so it runs before the
 * submit's shared lock. Only bounds are checked here; what the values mean is the spec's own check.
 */
@ApplicationScoped
public class SpecBounds {
    /** What a body is submitted as: one experiment, or a sweep whose axes may be lists. */
    public enum Shape {
        EXPERIMENT, SWEEP
    }

    /** Fields a sweep may give as lists, as {@code SweepJson} reads them. */
    static final Set<String> SWEEP_AXES = Set.of("strategy", "seed", "k", "pruneRatio", "rewind", "architecture",
            "imageSize", "controls");
    private static final String SEED = "seed";
    private static final String CONTROLS = "controls";
    /** Longer than any field the spec has; a longer name is refused without being echoed. */
    private static final int FIELD_NAME_LENGTH = 64;
    private static final int SHOWN_CHARACTERS = 40;

    private record Maximum(long value, String property) {
    }

    private final SubmitLimits limits;
    private final Map<String, Maximum> maxima;
    private final ObjectMapper json;

    public SpecBounds(SubmitLimits limits) {
        this.limits = limits;
        SubmitLimits.Maxima max = limits.max();
        Map<String, Maximum> m = new LinkedHashMap<>();
        m.put("epochs", new Maximum(limits.epochs(), "alps.limits.epochs"));
        m.put("rounds", new Maximum(limits.rounds(), "alps.limits.rounds"));
        m.put("mcSamples", new Maximum(max.mcSamples(), "alps.limits.max.mc-samples"));
        m.put("batch", new Maximum(max.batch(), "alps.limits.max.batch"));
        m.put("initial", new Maximum(max.initial(), "alps.limits.max.initial"));
        m.put("budget", new Maximum(max.budget(), "alps.limits.max.budget"));
        m.put("trainLimit", new Maximum(max.trainLimit(), "alps.limits.max.train-limit"));
        m.put("testLimit", new Maximum(max.testLimit(), "alps.limits.max.test-limit"));
        m.put("labelBudget", new Maximum(max.labelBudget(), "alps.limits.max.label-budget"));
        m.put("pruneRoundTo", new Maximum(max.pruneRoundTo(), "alps.limits.max.prune-round-to"));
        this.maxima = Map.copyOf(m);
        // A spec is a flat object: depth 3 covers a sweep's lists; the body limit bounds the rest.
        this.json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(8).maxNumberLength(64).build()).build());
    }

    /** Every bound {@code body} breaks, as "field: problem"; empty when it is within all of them. */
    public List<String> problems(String body, Shape shape) {
        JsonNode root;
        try {
            root = json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            return List.of(what(shape) + ": not valid JSON: " + shorten(e.getOriginalMessage(), 200));
        }
        if (root == null || !root.isObject()) {
            return List.of(what(shape) + ": expected a JSON object");
        }
        List<String> errors = new ArrayList<>();
        long size = 1;
        var fields = root.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String name = field.getKey();
            if (name.length() > FIELD_NAME_LENGTH) {
                errors.add(String.format("a field name of %,d characters exceeds the limit of %d", name.length(),
                        FIELD_NAME_LENGTH));
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isArray()) {
                if (shape == Shape.EXPERIMENT || !SWEEP_AXES.contains(name)) {
                    errors.add(name + ": expected a single value, not a list" + (SWEEP_AXES.contains(name)
                            ? " (lists of " + name + " are for POST /sweeps)" : ""));
                    continue;
                }
                int most = SEED.equals(name) ? limits.max().seeds() : limits.max().sweepValues();
                if (value.size() > most) {
                    errors.add(String.format("%s: %,d values exceed the limit of %,d (%s)", name, value.size(), most,
                            SEED.equals(name) ? "alps.limits.max.seeds" : "alps.limits.max.sweep-values"));
                }
                for (JsonNode item : value) {
                    scalar(name, item, errors);
                }
                // Each control adds at most one more copy of the grid (a strategy, a kind or a variation).
                size *= CONTROLS.equals(name) ? 1L << Math.min(value.size(), 20) : Math.max(1, value.size());
            } else {
                scalar(name, value, errors);
                if (CONTROLS.equals(name) && shape == Shape.SWEEP && !value.isNull()) {
                    size *= 2;
                }
            }
        }
        if (shape == Shape.SWEEP && size > limits.max().sweepSize()) {
            errors.add(String.format("sweep: its axes and controls make up to %,d experiments (the product of their "
                    + "lengths, each control doubling it), more than the limit of %,d (alps.limits.max.sweep-size); "
                    + "fewer seeds or values", size, limits.max().sweepSize()));
        }
        return errors;
    }

    private void scalar(String name, JsonNode value, List<String> errors) {
        if (value.isContainerNode()) {
            errors.add(name + ": expected a " + (SWEEP_AXES.contains(name) ? "value or a list of values" : "value")
                    + ", not " + (value.isArray() ? "a list of lists" : "an object"));
        } else if (value.isTextual()) {
            int length = value.textValue().length();
            if (length > limits.max().textLength()) {
                errors.add(String.format("%s: a text of %,d characters exceeds the limit of %,d "
                        + "(alps.limits.max.text-length)", name, length, limits.max().textLength()));
            }
        } else if (value.isNumber()) {
            if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
                errors.add(name + ": " + shorten(value.asText(), SHOWN_CHARACTERS) + " is out of range");
                return;
            }
            Maximum max = maxima.get(name);
            if (max != null && value.decimalValue().compareTo(BigDecimal.valueOf(max.value())) > 0) {
                errors.add(String.format("%s: %s exceeds the limit of %,d (%s)", name,
                        shorten(value.asText(), SHOWN_CHARACTERS), max.value(), max.property()));
            }
        }
    }

    private static String what(Shape shape) {
        return shape == Shape.SWEEP ? "sweep" : "spec";
    }

    private static String shorten(String text, int most) {
        return text == null || text.length() <= most ? text : text.substring(0, most) + "...";
    }
}
