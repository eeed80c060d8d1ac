package io.alps.ml.cli;

import java.util.ArrayList;
import java.util.List;

/** Parses comma-separated option values, naming the option in every error. */
final class Lists {
    private Lists() {
    }

    static List<String> strings(String option, String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                throw new IllegalArgumentException(option + ": empty value in '" + value + "'");
            }
            out.add(part.trim());
        }
        return out;
    }

    static List<Long> longs(String option, String value) {
        List<Long> out = new ArrayList<>();
        for (String part : strings(option, value)) {
            try {
                out.add(Long.parseLong(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + part + "' is not a whole number");
            }
        }
        return out;
    }

    static List<Integer> ints(String option, String value) {
        List<Integer> out = new ArrayList<>();
        for (String part : strings(option, value)) {
            try {
                out.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + part + "' is not a whole number");
            }
        }
        return out;
    }

    static List<Double> doubles(String option, String value) {
        List<Double> out = new ArrayList<>();
        for (String part : strings(option, value)) {
            try {
                out.add(Double.parseDouble(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + part + "' is not a number");
            }
        }
        return out;
    }
}
