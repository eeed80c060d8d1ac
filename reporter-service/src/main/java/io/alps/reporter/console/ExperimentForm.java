package io.alps.reporter.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alps.api.data.DatasetInfo;
import io.alps.api.kind.Controls;
import io.alps.api.kind.Kinds;
import io.alps.api.model.Architectures;
import io.alps.api.oracle.Oracles;
import io.alps.api.query.QueryStrategies;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.KindOptions;
import io.alps.api.spec.OptionHelp;
import io.alps.api.spec.SpecKind;
import io.alps.api.spec.SpecKinds;
import io.alps.service.data.DataSets;
import io.alps.service.model.ModelUploads;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The new-experiment and new-sweep forms' model: which fields it has (the common ones, and each kind's own fields
 * that have help), their choices (from the registries and the data sets), their values from a spec,
 * the JSON body a filled-in form submits, and which field each of the server's refusals belongs to.
 * It decides nothing about validity: the body goes to the same checks as {@code POST /experiments}
 * (or {@code POST /sweeps}). A sweep's form takes several values in each sweep axis (strategy, seed,
 * network and the kind's own axes) and the controls to add.
 */
@ApplicationScoped
public class ExperimentForm {
    /** The field every form has first: choosing it shows that kind's own fields. */
    public static final String KIND = "kind";
    static final String DATA = "data";
    private static final String DATASET = "dataset";
    private static final String ORACLE = "oracle";
    static final String CONTROLS = "controls";
    private static final String IMAGE_SIZE = "imageSize";
    private static final String INIT_FROM = "initFrom";
    private static final String FREEZE_BACKBONE = "freezeBackbone";
    /** The fields of every kind a sweep may list several values of, as {@code POST /sweeps} reads them. */
    private static final List<String> COMMON_SWEEP_AXES = List.of("architecture", "strategy", "seed");

    /** A field of every kind; a choice's options come from {@code choices} (a registry, or the data sets). */
    private record Common(String name, String label, FormField.Input input,
                          java.util.function.Function<ExperimentForm, List<FormField.Choice>> choices) {
        Common(String name, String label) {
            this(name, label, FormField.Input.NUMBER, form -> List.of());
        }
    }

    /** The fields of every kind, in the order the form shows them. */
    private static final List<Common> COMMON = List.of(
            new Common(KIND, "Kind", FormField.Input.CHOICE,
                    form -> Kinds.names().stream().map(n -> new FormField.Choice(n, n)).toList()),
            new Common(DATA, "Data set", FormField.Input.CHOICE, ExperimentForm::dataChoices),
            new Common("architecture", "Network", FormField.Input.CHOICE, form -> names(Architectures.names())),
            new Common("strategy", "Strategy", FormField.Input.CHOICE, form -> names(QueryStrategies.names())),
            new Common(ORACLE, "Oracle", FormField.Input.CHOICE, form -> names(Oracles.names())),
            new Common("initial", "Initial labels"),
            new Common("budget", "Budget per round"),
            new Common("rounds", "Rounds"),
            new Common("epochs", "Epochs"),
            new Common("batch", "Batch"),
            new Common("seed", "Seed"),
            new Common(IMAGE_SIZE, "Image size"),
            new Common(INIT_FROM, "Start from", FormField.Input.CHOICE, ExperimentForm::modelChoices),
            new Common(FREEZE_BACKBONE, "Freeze backbone", FormField.Input.FLAG, form -> List.of(
                    new FormField.Choice("", "no: the whole network trains"),
                    new FormField.Choice("true", "yes: only the output layer trains"))));
    private static final Common CONTROLS_FIELD = new Common(CONTROLS, "Controls", FormField.Input.CHOICE,
            form -> Controls.all().values().stream().map(c -> new FormField.Choice(c.name(), c.name() + ": "
                    + c.description())).toList());

    private final DataSets dataSets;
    private final ModelUploads models;
    private final ObjectMapper json = new ObjectMapper();

    public ExperimentForm(DataSets dataSets, ModelUploads models) {
        this.dataSets = dataSets;
        this.models = models;
    }

    /** The names of every field the form has (the common ones and each kind's). */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>(COMMON.stream().map(Common::name).toList());
        SpecKinds.all().forEach(k -> names.addAll(kindFields(k)));
        names.add(CONTROLS);
        return names;
    }

    /**
     * The values a submit posted for every field of the form, blank where a field was not sent; in
     * the sweep's form ({@code several}) a multiple choice posts one value per choice, joined here
     * with commas.
     */
    public Map<String, String> posted(jakarta.ws.rs.core.MultivaluedMap<String, String> posted, boolean several) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : fieldNames()) {
            List<String> sent = Optional.ofNullable(posted.get(name)).orElse(List.of());
            values.put(name, several ? String.join(",", sent) : sent.isEmpty() || sent.get(0) == null ? "" : sent.get(0));
        }
        return values;
    }

    /** The form's values for {@code spec}: its own, and the other kinds' fields at their defaults. */
    public Map<String, String> values(ExperimentSpec spec) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(KIND, spec.kind());
        values.put(DATA, spec.data() != null ? spec.data()
                : dataSets.describe().stream().map(DatasetInfo::name).findFirst().orElse(""));
        values.put("architecture", spec.architecture());
        values.put("strategy", spec.strategy());
        values.put(ORACLE, spec.oracleName());
        values.put("initial", String.valueOf(spec.initial()));
        values.put("budget", String.valueOf(spec.budget()));
        values.put("rounds", String.valueOf(spec.rounds()));
        values.put("epochs", String.valueOf(spec.epochs()));
        values.put("batch", String.valueOf(spec.batch()));
        values.put("seed", String.valueOf(spec.seed()));
        values.put(IMAGE_SIZE, String.valueOf(spec.imageSide()));
        values.put(INIT_FROM, spec.initFrom() == null ? "" : spec.initFrom());
        values.put(FREEZE_BACKBONE, spec.backboneFrozen() ? "true" : "");
        values.put(CONTROLS, "");
        for (SpecKind k : SpecKinds.all()) {
            KindOptions options = k.name().equals(spec.kind()) ? spec.options() : SpecKinds.defaults(k);
            for (String f : kindFields(k)) {
                Object v = SpecKinds.value(options, f);
                values.put(f, v == null ? "" : v.toString());
            }
        }
        return values;
    }

    /** The form's fields showing {@code values}, each with its refusal from {@code errors} (by field name). */
    public List<FormField> fields(Map<String, String> values, Map<String, String> errors) {
        return fields(values, errors, false);
    }

    /** The fields; a sweep's form takes several values in each sweep axis and has the controls too. */
    public List<FormField> fields(Map<String, String> values, Map<String, String> errors, boolean sweep) {
        List<FormField> fields = new ArrayList<>();
        List<Common> common = new ArrayList<>(COMMON);
        if (sweep) {
            common.add(CONTROLS_FIELD);
        }
        for (Common c : common) {
            String value = values.getOrDefault(c.name(), "");
            boolean several = sweep && (COMMON_SWEEP_AXES.contains(c.name()) || CONTROLS.equals(c.name()));
            fields.add(new FormField(c.name(), c.label(), several && c.input() == FormField.Input.NUMBER
                    ? FormField.Input.TEXT : c.input(), value, help(c.name()), errors.get(c.name()),
                    c.input().chosen() ? choices(c, value, several) : List.of(), null, several));
        }
        for (SpecKind k : SpecKinds.all()) {
            for (String f : kindFields(k)) {
                boolean several = sweep && Kinds.get(k.name()).sweepAxes().contains(f);
                fields.add(new FormField(f, label(f), numeric(k, f) && !several ? FormField.Input.NUMBER
                        : FormField.Input.TEXT, values.getOrDefault(f, ""), help(f), errors.get(f), List.of(), k.name(),
                        several));
            }
        }
        return fields;
    }

    /**
     * The JSON body the form's {@code values} submit: {@code base} (the defaults, or the experiment
     * the form was filled from, so fields the form does not show are kept) with the form's fields
     * set; the chosen kind's own fields only, and {@code dataset} the chosen data set's kind. A blank
     * field takes the default; a number typed is sent as a number, anything else as the text typed.
     */
    public String body(ExperimentSpec base, Map<String, String> values) {
        return body(base, values, false);
    }

    /** The body of {@code POST /sweeps} when {@code sweep}: a sweep axis with several values becomes a list. */
    public String body(ExperimentSpec base, Map<String, String> values, boolean sweep) {
        ObjectNode node;
        try {
            node = (ObjectNode) json.readTree(base.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec's own JSON does not read back", e);
        }
        String kind = values.getOrDefault(KIND, "").strip();
        if (!Objects.equals(kind, base.kind())) {
            SpecKinds.all().forEach(k -> SpecKinds.fieldNames(k).forEach(node::remove));
        }
        for (Common c : COMMON) {
            boolean numeric = c.input() == FormField.Input.NUMBER;
            if (sweep && COMMON_SWEEP_AXES.contains(c.name())) {
                putSeveral(node, c.name(), values.get(c.name()), numeric);
            } else if (c.input() == FormField.Input.FLAG) {
                node.remove(c.name());
                if ("true".equals(values.get(c.name()))) {
                    node.put(c.name(), true);
                }
            } else {
                put(node, c.name(), values.get(c.name()), numeric);
            }
        }
        if (sweep) {
            putSeveral(node, CONTROLS, values.get(CONTROLS), false);
        }
        Optional<SpecKind> chosen = SpecKinds.find(kind);
        chosen.ifPresent(k -> kindFields(k).forEach(f -> {
            if (sweep && Kinds.exists(k.name()) && Kinds.get(k.name()).sweepAxes().contains(f)) {
                putSeveral(node, f, values.get(f), numeric(k, f));
            } else {
                put(node, f, values.get(f), numeric(k, f));
            }
        }));
        String data = values.getOrDefault(DATA, "").strip();
        dataSets.find(data).ifPresent(set -> node.put(DATASET, set.kind().id()));
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's refusals ("field: problem") split into those of a field on the form and the rest. */
    public record Refusals(Map<String, String> byField, List<String> general) {
    }

    public Refusals refusals(List<String> problems) {
        List<String> names = fieldNames();
        Map<String, String> byField = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        for (String problem : problems) {
            String field = fieldOf(problem, names);
            if (field != null) {
                byField.merge(field, problem, (a, b) -> a + " " + b);
            } else {
                general.add(problem);
            }
        }
        return new Refusals(byField, general);
    }

    /**
     * The field a refusal names: its first part ("epochs: ..."), or for a sweep's member its second
     * ("dense least-confidence: epochs: ..."); null when it names none of the form's.
     */
    private static String fieldOf(String problem, List<String> names) {
        String[] parts = problem.split(":", 3);
        for (int i = 0; i < Math.min(2, parts.length - 1); i++) {
            String field = parts[i].strip();
            // The form sets dataset from the data set chosen: a mismatch is that choice's problem.
            field = DATASET.equals(field) ? DATA : field;
            if (names.contains(field)) {
                return field;
            }
        }
        return null;
    }

    /** Comma-separated values: one is sent as a value, several as a list (a sweep axis). */
    private void putSeveral(ObjectNode node, String field, String value, boolean numeric) {
        List<String> parts = value == null ? List.of() : Arrays.stream(value.split(",")).map(String::strip)
                .filter(v -> !v.isEmpty()).toList();
        if (parts.size() <= 1) {
            put(node, field, parts.isEmpty() ? null : parts.get(0), numeric);
            return;
        }
        var list = node.putArray(field);
        for (String part : parts) {
            ObjectNode one = json.createObjectNode();
            put(one, field, part, numeric);
            list.add(one.get(field));
        }
    }

    private static void put(ObjectNode node, String field, String value, boolean numeric) {
        if (value == null || value.isBlank()) {
            node.remove(field);
            return;
        }
        String v = value.strip();
        if (numeric) {
            try {
                BigDecimal n = new BigDecimal(v);
                if (n.stripTrailingZeros().scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                        && v.indexOf('.') < 0) {
                    node.put(field, n.longValueExact());
                } else {
                    node.put(field, n);
                }
                return;
            } catch (NumberFormatException | ArithmeticException notANumber) {
                // Sent as typed: the spec's check names the field and what it expected.
            }
        }
        node.put(field, v);
    }

    /** A kind's own fields the form offers: those with help to show. */
    private static List<String> kindFields(SpecKind kind) {
        return SpecKinds.fieldNames(kind).stream().filter(f -> OptionHelp.of(f).isPresent()).toList();
    }

    private static boolean numeric(SpecKind kind, String field) {
        return Arrays.stream(kind.optionsType().getRecordComponents()).filter(c -> c.getName().equals(field))
                .anyMatch(c -> Number.class.isAssignableFrom(c.getType()));
    }

    private static String help(String field) {
        return OptionHelp.of(field).orElse("");
    }

    /** "pruneRoundTo" -> "Prune round to". */
    static String label(String field) {
        String words = field.replaceAll("([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private List<FormField.Choice> choices(Common field, String value, boolean several) {
        List<FormField.Choice> choices = new ArrayList<>(field.choices().apply(this));
        // A value no longer offered (a deleted data set) stays shown, for the server to name.
        List<String> shown = several ? Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty())
                .toList() : value.isEmpty() ? List.of() : List.of(value);
        for (String v : shown) {
            if (choices.stream().noneMatch(c -> c.value().equals(v))) {
                choices.add(0, new FormField.Choice(v, v));
            }
        }
        return choices;
    }

    private List<FormField.Choice> dataChoices() {
        return dataSets.describe().stream().map(d -> new FormField.Choice(d.name(), String.format(
                "%s (%s, %d classes, %,d training images)", d.name(), d.kind(), d.classes(), d.train()))).toList();
    }

    /** Random weights (no value), or a network uploaded with {@code POST /models}. */
    private List<FormField.Choice> modelChoices() {
        List<FormField.Choice> choices = new ArrayList<>();
        choices.add(new FormField.Choice("", "random weights"));
        models.list().forEach(m -> choices.add(new FormField.Choice(m.name(), String.format("%s (%s, %,d bytes)",
                m.name(), m.kind(), m.bytes()))));
        return choices;
    }

    private static List<FormField.Choice> names(String commaList) {
        return Arrays.stream(commaList.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(n -> new FormField.Choice(n, n)).toList();
    }
}
