package io.alps.reporter.console;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What tells experiments apart: the spec fields whose values are not the same in all of them, and
 * each experiment's name made of its values of those fields ({@code strategy=entropy, seed=2}).
 */
final class SpecDifferences {
    private final List<String> fields;

    private SpecDifferences(List<String> fields) {
        this.fields = fields;
    }

    /** The fields that differ between the specs (a field one spec lacks differs), in the specs' field order. */
    static SpecDifferences of(List<Map<String, Object>> specs) {
        Set<String> all = new LinkedHashSet<>();
        specs.forEach(s -> all.addAll(s.keySet()));
        List<String> differing = new ArrayList<>();
        for (String field : all) {
            String first = SpecFields.text(specs.get(0).get(field));
            if (specs.stream().anyMatch(s -> !Objects.equals(first, SpecFields.text(s.get(field))))) {
                differing.add(field);
            }
        }
        return new SpecDifferences(List.copyOf(differing));
    }

    List<String> fields() {
        return fields;
    }

    /** The experiment's name by the differing fields; {@code fallback} (its id) when its spec is the others'. */
    String name(Map<String, Object> spec, String fallback) {
        if (fields.isEmpty()) {
            return fallback;
        }
        List<String> parts = new ArrayList<>();
        for (String field : fields) {
            Object value = spec.get(field);
            parts.add(field + "=" + (value == null ? "(default)" : SpecFields.text(value)));
        }
        return String.join(", ", parts);
    }
}
