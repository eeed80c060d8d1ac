package io.alps.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines one experiment: the fields every kind has, and {@link #options()}, the
 * record of the fields its kind owns. {@link #carried()} holds other kinds' fields that specs of the
 * first version wrote for every kind: they have no effect and are kept only so such a spec keeps its
 * JSON and hash. Field names are the CLI option names in camelCase; the JSON
 * is flat (the kind's fields beside the common ones, see {@link FlatJson}). A null field takes the
 * default, and the defaults reproduce the reference experiments. Checks against the registries
 * (strategies, oracles, kinds) are {@code io.alps.api.validation.SpecValidation}'s.
 */
@JsonSerialize(using = FlatJson.Writer.class)
@JsonDeserialize(using = FlatJson.Reader.class)
public record ExperimentSpec(
        String kind,
        String dataset,
        String data,
        String dataName,
        String architecture,
        Long seed,
        String strategy,
        Integer initial,
        Integer budget,
        Integer rounds,
        Integer epochs,
        Integer batch,
        Double lr,
        Integer trainLimit,
        Integer testLimit,
        String oracle,
        String labels,
        Double dropout,
        Integer mcSamples,
        String stopWhen,
        Double stopKappa,
        Double stopUncertainty,
        Integer labelBudget,
        Integer imageSize,
        String initFrom,
        Boolean freezeBackbone,
        KindOptions options,
        Map<String, Object> carried) {

    public static final String DEFAULT_KIND = "dense";
    /** Who labels unless {@code oracle} says otherwise: the data set's own labels. */
    public static final String DEFAULT_ORACLE = "dataset";
    /** {@code stopWhen}'s value for running every round. */
    public static final String NO_STOPPING = "none";
    /** {@code stabilising-predictions} stops at this mean kappa unless {@code stopKappa} says otherwise. */
    public static final double DEFAULT_STOP_KAPPA = 0.99;
    /** {@code max-uncertainty} stops below this score unless {@code stopUncertainty} says otherwise. */
    public static final double DEFAULT_STOP_UNCERTAINTY = 0.1;
    /** Monte-Carlo passes of {@code bald} unless {@code mcSamples} says otherwise. */
    public static final int DEFAULT_MC_SAMPLES = 20;
    /** The side, in pixels, of the square images the network sees unless {@code imageSize} says otherwise. */
    public static final int DEFAULT_IMAGE_SIZE = 32;
    /** Smallest and largest {@code imageSize}: LeNet-5's minimum, and a side whose images still fit in memory by the thousand. */
    public static final int MIN_IMAGE_SIZE = 16;
    public static final int MAX_IMAGE_SIZE = 512;

    public ExperimentSpec {
        kind = kind == null ? DEFAULT_KIND : kind;
        dataset = dataset == null ? DatasetKind.CIFAR10.id() : dataset;
        architecture = architecture == null ? "lenet5" : architecture;
        seed = seed == null ? 1L : seed;
        strategy = strategy == null ? "least-confidence" : strategy;
        initial = initial == null ? 2000 : initial;
        budget = budget == null ? 6000 : budget;
        rounds = rounds == null ? 5 : rounds;
        epochs = epochs == null ? 20 : epochs;
        batch = batch == null ? 128 : batch;
        lr = lr == null ? 0.001 : lr;
        trainLimit = trainLimit == null ? 0 : trainLimit;
        testLimit = testLimit == null ? 0 : testLimit;
        // Fields added after the first version are stored as null at their default, so older specs keep their hash.
        oracle = DEFAULT_ORACLE.equals(oracle) ? null : oracle;
        dropout = dropout != null && dropout == 0 ? null : dropout;
        mcSamples = mcSamples != null && mcSamples == DEFAULT_MC_SAMPLES ? null : mcSamples;
        stopWhen = NO_STOPPING.equals(stopWhen) ? null : stopWhen;
        stopKappa = stopKappa != null && stopKappa == DEFAULT_STOP_KAPPA ? null : stopKappa;
        stopUncertainty = stopUncertainty != null && stopUncertainty == DEFAULT_STOP_UNCERTAINTY ? null : stopUncertainty;
        imageSize = imageSize != null && imageSize == DEFAULT_IMAGE_SIZE ? null : imageSize;
        freezeBackbone = Boolean.FALSE.equals(freezeBackbone) ? null : freezeBackbone;
        carried = carried == null ? Map.of() : Map.copyOf(carried);
        SpecKind owner = SpecKinds.find(kind).orElse(null);
        if (owner != null && options == null) {
            options = SpecKinds.defaults(owner);
        } else if (owner != null && !owner.optionsType().isInstance(options)) {
            throw new IllegalArgumentException("kind '" + kind + "' takes " + owner.optionsType().getSimpleName()
                    + ", not " + options.getClass().getSimpleName());
        }
    }

    /** The reference defaults for an experiment of the given kind. */
    public static ExperimentSpec defaults(String kind) {
        ObjectNode fields = FlatJson.MAPPER.createObjectNode();
        fields.put("kind", kind);
        return FlatJson.read(fields);
    }

    /** The kind's own fields as its record; a clear error when the spec is of another kind. */
    public <O extends KindOptions> O options(Class<O> type) {
        if (!type.isInstance(options)) {
            throw new IllegalStateException("a spec of kind '" + kind + "' has no " + type.getSimpleName());
        }
        return type.cast(options);
    }

    ExperimentSpec withKindFields(KindOptions newOptions, Map<String, Object> newCarried) {
        return new ExperimentSpec(kind, dataset, data, dataName, architecture, seed, strategy, initial, budget, rounds,
                epochs, batch, lr, trainLimit, testLimit, oracle, labels, dropout, mcSamples, stopWhen, stopKappa,
                stopUncertainty, labelBudget, imageSize, initFrom, freezeBackbone, newOptions, newCarried);
    }

    /** The stopping criterion that ends the experiment early, or {@link #NO_STOPPING}. */
    @JsonIgnore
    public String stopCriterion() {
        return stopWhen == null ? NO_STOPPING : stopWhen;
    }

    @JsonIgnore
    public double stopKappaThreshold() {
        return stopKappa == null ? DEFAULT_STOP_KAPPA : stopKappa;
    }

    @JsonIgnore
    public double stopUncertaintyThreshold() {
        return stopUncertainty == null ? DEFAULT_STOP_UNCERTAINTY : stopUncertainty;
    }

    /** The dense and output layers' dropout probability; 0 for none. */
    @JsonIgnore
    public double dropoutRate() {
        return dropout == null ? 0 : dropout;
    }

    @JsonIgnore
    public int mcPasses() {
        return mcSamples == null ? DEFAULT_MC_SAMPLES : mcSamples;
    }

    /** The side of the square images the network is built for and sees: {@code imageSize}, or 32. */
    @JsonIgnore
    public int imageSide() {
        return imageSize == null ? DEFAULT_IMAGE_SIZE : imageSize;
    }

    /** Whether only the output layer trains, the layers before it keeping the weights the round started with. */
    @JsonIgnore
    public boolean backboneFrozen() {
        return Boolean.TRUE.equals(freezeBackbone);
    }

    /** Who labels: {@code oracle}, or the data set's own labels when it is not set. */
    @JsonIgnore
    public String oracleName() {
        return oracle == null ? DEFAULT_ORACLE : oracle;
    }

    /** Labels the schedule uses in all: round 0's and each later round's budget. */
    public static long labelsUsed(long initial, long budget, long rounds) {
        return initial + rounds * budget;
    }

    /** Training image-epochs of the schedule: labeled images x epochs, summed over round 0 and each later round. */
    public static long imageEpochs(long initial, long budget, long rounds, long epochs) {
        long sum = 0;
        for (long r = 0; r <= rounds; r++) {
            sum += (initial + r * budget) * epochs;
        }
        return sum;
    }

    /** Checks the schedule against the pool: initial + rounds x budget labels must exist. */
    public List<String> validateAgainstPool(int poolSize) {
        List<String> errors = new ArrayList<>();
        long needed = (long) initial + (long) rounds * budget;
        if (initial > poolSize) {
            errors.add("initial: " + initial + " labels requested but the training pool has " + poolSize + " samples");
        } else if (needed > poolSize) {
            errors.add(String.format("budget: %d initial + %d rounds x %d = %d labels exceed the training pool of %d samples",
                    initial, rounds, budget, needed, poolSize));
        }
        return errors;
    }

    public ExperimentSpec withKind(String newKind) {
        return with(Map.of("kind", newKind));
    }

    /**
     * A copy with the named fields (JSON names, common or the kind's) replaced; a null value restores
     * the default. On a change of kind the old kind's first-version fields are carried (as the first
     * version kept every field) and its later ones return to their defaults.
     */
    public ExperimentSpec with(Map<String, ?> changes) {
        ObjectNode fields = FlatJson.fields(this);
        SpecKind owner = SpecKinds.find(kind).orElse(null);
        if (changes.containsKey("kind") && !Objects.equals(changes.get("kind"), kind) && owner != null) {
            SpecKinds.fieldNames(owner).stream().filter(f -> !owner.firstVersionFields().contains(f)).forEach(fields::remove);
        }
        changes.forEach((field, value) -> {
            if (value == null) {
                fields.remove(field);
            } else {
                fields.set(field, FlatJson.MAPPER.valueToTree(value));
            }
        });
        return FlatJson.read(fields);
    }

    public String toJson() {
        try {
            return FlatJson.MAPPER.writeValueAsString(FlatJson.write(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ExperimentSpec fromJson(String json) {
        JsonNode tree;
        try {
            tree = FlatJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SpecException(List.of("spec: not a valid experiment spec: " + e.getOriginalMessage()));
        }
        return FlatJson.read(tree);
    }

    /** A short, stable fingerprint of the spec ({@link #toJson()}'s): the same spec always has the same hash. */
    @JsonIgnore
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An invalid experiment spec: the message lists each bad field. */
    public static final class SpecException extends IllegalArgumentException {
        private final List<String> errors;

        public SpecException(List<String> errors) {
            super("invalid experiment spec: " + String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }
}
