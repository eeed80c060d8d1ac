package io.alps.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flat JSON form of a spec: the common fields and the kind's own fields side by side, as REST
 * bodies, sweep specs, stored specs and events carry it. The rule for what is written (and so for
 * the hash): a field is left out when it is unset or, for a field added after the first spec version,
 * at its default; the first version's fields are always written, those of other kinds at their
 * defaults. Fields come in the first version's order, later ones after them.
 */
final class FlatJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    /** The common fields alone: the spec's record with its kind options left to this class. */
    private static final ObjectMapper COMMON = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(ExperimentSpec.class, CommonFieldsOnly.class);

    /** Field order of the first spec version, which wrote every kind's fields into every spec; kept for its hashes. */
    private static final List<String> FIRST_VERSION_ORDER = List.of("kind", "dataset", "data", "dataName",
            "architecture", "seed", "strategy", "initial", "budget", "rounds", "epochs", "batch", "lr", "trainLimit",
            "testLimit", "keepTraining", "k", "pruneRatio", "rewind", "pruneDense", "finalComparison", "mask", "oracle",
            "labels", "dropout", "mcSamples", "stopWhen", "stopKappa", "stopUncertainty", "labelBudget", "pruneRoundTo");

    static final String OPTIONS = "options";
    static final String CARRIED = "carried";
    static final List<String> COMMON_FIELDS = fieldNames(ExperimentSpec.class).stream()
            .filter(f -> !OPTIONS.equals(f) && !CARRIED.equals(f)).toList();

    private FlatJson() {
    }

    @JsonSerialize(using = JsonSerializer.None.class)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    @JsonIgnoreProperties({OPTIONS, CARRIED})
    private abstract static class CommonFieldsOnly {
    }

    /** The record components' names in declaration order: a spec's or a kind's fields. */
    static List<String> fieldNames(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type.getName() + " must be a record");
        }
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /** The spec as written: common fields, its kind's, other kinds' first-version fields as carried or at their defaults. */
    static ObjectNode write(ExperimentSpec spec) {
        ObjectNode fields = fields(spec);
        for (SpecKind other : SpecKinds.all()) {
            if (other.name().equals(spec.kind())) {
                continue;
            }
            ObjectNode defaults = MAPPER.valueToTree(SpecKinds.defaults(other));
            for (String f : other.firstVersionFields()) {
                if (!fields.has(f) && defaults.has(f)) {
                    fields.set(f, defaults.get(f));
                }
            }
        }
        ObjectNode ordered = MAPPER.createObjectNode();
        FIRST_VERSION_ORDER.stream().filter(fields::has).forEach(f -> ordered.set(f, fields.get(f)));
        fields.fields().forEachRemaining(e -> {
            if (!ordered.has(e.getKey())) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        return ordered;
    }

    /** The spec's fields as set: common ones, its kind's, and the other kinds' it carries. */
    static ObjectNode fields(ExperimentSpec spec) {
        ObjectNode fields = COMMON.valueToTree(spec);
        if (spec.options() != null) {
            fields.setAll((ObjectNode) MAPPER.valueToTree(spec.options()));
        }
        spec.carried().forEach((f, v) -> fields.set(f, MAPPER.valueToTree(v)));
        return fields;
    }

    /**
     * Reads a flat spec. A field of another kind is carried when the first version wrote it into
     * every spec (it keeps the spec's JSON and hash and has no effect), dropped when it holds that
     * kind's default, and otherwise an error: it would silently not apply (e.g. edge-popup's random
     * mask asked of the dense network).
     */
    static ExperimentSpec read(JsonNode root) {
        if (!(root instanceof ObjectNode in)) {
            throw new ExperimentSpec.SpecException(List.of("spec: expected a JSON object"));
        }
        JsonNode kindNode = in.get("kind");
        String kind = kindNode == null || kindNode.isNull() ? ExperimentSpec.DEFAULT_KIND : kindNode.asText();
        Optional<SpecKind> own = SpecKinds.find(kind);
        List<String> ownFields = own.map(SpecKinds::fieldNames).orElse(List.of());
        ObjectNode common = MAPPER.createObjectNode();
        ObjectNode mine = MAPPER.createObjectNode();
        Map<String, Object> carried = new java.util.LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (ownFields.contains(name)) {
                mine.set(name, e.getValue());
                continue;
            }
            Optional<SpecKind> owner = COMMON_FIELDS.contains(name) ? Optional.empty() : SpecKinds.all().stream()
                    .filter(k -> SpecKinds.fieldNames(k).contains(name)).findFirst();
            if (owner.isEmpty()) {
                common.set(name, e.getValue()); // an unknown field is named by the common fields' reader
            } else if (owner.get().firstVersionFields().contains(name)) {
                try {
                    KindOptions read = readOptions(owner.get().optionsType(), MAPPER.createObjectNode().set(name, e.getValue()));
                    if (!read.equals(SpecKinds.defaults(owner.get()))) { // at its default it is written anyway
                        carried.put(name, SpecKinds.value(read, name)); // as its kind writes it, e.g. 1 as 1.0
                    }
                } catch (ExperimentSpec.SpecException bad) {
                    errors.addAll(bad.errors());
                }
            } else if (!atDefault(owner.get(), name, e.getValue())) {
                JsonNode v = e.getValue();
                errors.add(name + ": '" + (v.isTextual() ? v.asText() : v.toString()) + "' is a field of kind "
                        + owner.get().name() + " and does not apply to kind '" + kind + "'");
            }
        }
        ExperimentSpec spec = null;
        try {
            spec = COMMON.treeToValue(common, ExperimentSpec.class);
        } catch (JsonProcessingException e) {
            errors.add(0, "spec: not a valid experiment spec: " + e.getOriginalMessage());
        }
        KindOptions options = null;
        if (own.isPresent()) {
            try {
                options = readOptions(own.get().optionsType(), mine);
            } catch (ExperimentSpec.SpecException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new ExperimentSpec.SpecException(errors);
        }
        return spec.withKindFields(options, carried);
    }

    private static boolean atDefault(SpecKind owner, String field, JsonNode value) {
        try {
            KindOptions set = readOptions(owner.optionsType(), MAPPER.createObjectNode().set(field, value));
            return set.equals(SpecKinds.defaults(owner));
        } catch (ExperimentSpec.SpecException e) {
            return false;
        }
    }

    static KindOptions readOptions(Class<? extends KindOptions> type, ObjectNode fields) {
        try {
            return MAPPER.treeToValue(fields, type);
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                    ? m.getPath().get(m.getPath().size() - 1).getFieldName() : "spec";
            throw new ExperimentSpec.SpecException(List.of(field + ": " + e.getOriginalMessage()));
        }
    }

    /** Lets any Jackson mapper write a spec in its flat form. */
    static final class Writer extends StdSerializer<ExperimentSpec> {
        Writer() {
            super(ExperimentSpec.class);
        }

        @Override
        public void serialize(ExperimentSpec spec, JsonGenerator gen, SerializerProvider provider) throws IOException {
            write(spec).serialize(gen, provider);
        }
    }

    /** Lets any Jackson mapper read a flat spec. */
    static final class Reader extends StdDeserializer<ExperimentSpec> {
        Reader() {
            super(ExperimentSpec.class);
        }

        @Override
        public ExperimentSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            try {
                return read(tree);
            } catch (ExperimentSpec.SpecException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }
}
