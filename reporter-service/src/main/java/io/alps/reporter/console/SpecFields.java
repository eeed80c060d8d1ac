package io.alps.reporter.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.api.spec.ExperimentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An experiment's spec as the pages show it: its JSON fields in order, each value as text. */
final class SpecFields {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** One field of the spec and its value, written as in the spec's JSON (text without quotes). */
    public record Field(String name, String value) {
    }

    private SpecFields() {
    }

    /** The spec's JSON fields in their order (the API's {@code spec}). */
    static Map<String, Object> map(ExperimentSpec spec) {
        try {
            return JSON.readValue(spec.toJson(), OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored spec is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static List<Field> rows(Map<String, Object> spec) {
        List<Field> rows = new ArrayList<>();
        if (spec != null) {
            spec.forEach((name, value) -> rows.add(new Field(name, text(value))));
        }
        return rows;
    }

    /** A value as one line of text: strings as they are, anything else as JSON. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
