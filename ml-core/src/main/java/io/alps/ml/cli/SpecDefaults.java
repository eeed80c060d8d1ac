package io.alps.ml.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.api.kind.Kinds;
import io.alps.api.spec.ExperimentSpec;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults come from the experiment spec's: {@code --train-limit} defaults to the spec's
 * {@code trainLimit}, and so on for every option named after a spec field, so the two cannot
 * drift. Flags keep their own (off) defaults; options that are no spec field keep their annotation's.
 */
final class SpecDefaults implements CommandLine.IDefaultValueProvider {
    /** Every kind's defaults: the common fields and each kind's own (no two kinds share a field name). */
    private static final Map<String, Object> DEFAULTS = defaults();

    private static Map<String, Object> defaults() {
        Map<String, Object> all = new java.util.HashMap<>();
        for (String kind : Kinds.names()) {
            all.putAll(new ObjectMapper().convertValue(ExperimentSpec.defaults(kind), new TypeReference<Map<String, Object>>() { }));
        }
        return all;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.typeInfo().isBoolean()) {
            return null;
        }
        Object value = DEFAULTS.get(field(option.longestName()));
        return value == null ? null : value.toString();
    }

    /** {@code --train-limit} -> {@code trainLimit}. */
    static String field(String option) {
        String[] parts = option.replaceFirst("^-+", "").split("-");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return sb.toString();
    }
}
