package io.alps.api.spec;

import io.alps.api.kind.DenseKind;
import io.alps.api.kind.Kind;
import io.alps.api.kind.Kinds;
import io.alps.api.kind.lth.PruneSchedule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.alps.api.model.Architectures;
import io.alps.api.oracle.DatasetOracle;
import io.alps.api.oracle.FileOracle;
import io.alps.api.oracle.Oracles;
import io.alps.api.query.QueryStrategies;
import io.alps.api.stop.LabelBudget;
import io.alps.api.stop.StoppingCriteria;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything that defines one experiment. Field names are the CLI option names in camelCase (the
 * services' JSON uses the same names); a null field takes the default, and the defaults reproduce
 * the reference experiments. {@link #validate()} lists every bad field at once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
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
        Boolean keepTraining,
        Double k,
        Double pruneRatio,
        String rewind,
        Boolean pruneDense,
        Boolean finalComparison,
        String mask,
        String oracle,
        String labels,
        Double dropout,
        Integer mcSamples,
        String stopWhen,
        Double stopKappa,
        Double stopUncertainty,
        Integer labelBudget,
        Integer pruneRoundTo) {

    /** Edge-popup's control: the initial random scores are kept, so the subnetwork is a random mask with the same k. */
    public static final String RANDOM_MASK = "random";
    public static final String LEARNED_MASK = "learned";

    public ExperimentSpec {
        kind = kind == null ? DenseKind.NAME : kind;
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
        keepTraining = keepTraining != null && keepTraining;
        k = k == null ? 0.5 : k;
        pruneRatio = pruneRatio == null ? 0.02 : pruneRatio;
        rewind = rewind == null ? "theta0" : rewind;
        pruneDense = pruneDense != null && pruneDense;
        finalComparison = finalComparison == null || finalComparison;
        // The default is stored as null, so specs written before this field existed keep their hash
        // (finished sweep members are recognised by it).
        mask = LEARNED_MASK.equals(mask) ? null : mask;
        oracle = DatasetOracle.NAME.equals(oracle) ? null : oracle;
        // Defaults stored as null, so specs written before these fields keep their hash.
        dropout = dropout != null && dropout == 0 ? null : dropout;
        mcSamples = mcSamples != null && mcSamples == DEFAULT_MC_SAMPLES ? null : mcSamples;
        stopWhen = StoppingCriteria.NONE.equals(stopWhen) ? null : stopWhen;
        stopKappa = stopKappa != null && stopKappa == DEFAULT_STOP_KAPPA ? null : stopKappa;
        stopUncertainty = stopUncertainty != null && stopUncertainty == DEFAULT_STOP_UNCERTAINTY ? null : stopUncertainty;
        pruneRoundTo = pruneRoundTo != null && pruneRoundTo == PruneSchedule.NO_ROUNDING ? null : pruneRoundTo;
    }

    /** The multiple pruned layers' kept counts move to ({@code pruneRoundTo}); 1 for counts as they fall. */
    @JsonIgnore
    public int pruneMultiple() {
        return pruneRoundTo == null ? PruneSchedule.NO_ROUNDING : pruneRoundTo;
    }

    /** {@code stabilising-predictions} stops at this mean kappa unless {@code stopKappa} says otherwise. */
    public static final double DEFAULT_STOP_KAPPA = 0.99;
    /** {@code max-uncertainty} stops below this score unless {@code stopUncertainty} says otherwise. */
    public static final double DEFAULT_STOP_UNCERTAINTY = 0.1;

    /** The stopping criterion that ends the experiment early, or {@link StoppingCriteria#NONE}. */
    @JsonIgnore
    public String stopCriterion() {
        return stopWhen == null ? StoppingCriteria.NONE : stopWhen;
    }

    @JsonIgnore
    public double stopKappaThreshold() {
        return stopKappa == null ? DEFAULT_STOP_KAPPA : stopKappa;
    }

    @JsonIgnore
    public double stopUncertaintyThreshold() {
        return stopUncertainty == null ? DEFAULT_STOP_UNCERTAINTY : stopUncertainty;
    }

    /** Monte-Carlo passes of {@code bald} unless {@code mcSamples} says otherwise. */
    public static final int DEFAULT_MC_SAMPLES = 20;

    /** The dense and output layers' dropout probability; 0 for none. */
    @JsonIgnore
    public double dropoutRate() {
        return dropout == null ? 0 : dropout;
    }

    @JsonIgnore
    public int mcPasses() {
        return mcSamples == null ? DEFAULT_MC_SAMPLES : mcSamples;
    }

    /** Who labels: {@code oracle}, or the data set's own labels when it is not set. */
    @JsonIgnore
    public String oracleName() {
        return oracle == null ? DatasetOracle.NAME : oracle;
    }

    /** The reference defaults for an experiment of the given kind. */
    public static ExperimentSpec defaults(String kind) {
        return new ExperimentSpec(kind, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** True for edge-popup's random-mask control: the scores are never trained. */
    @JsonIgnore
    public boolean randomMask() {
        return RANDOM_MASK.equals(mask);
    }

    /** Every problem with this spec, as "field: problem (value)"; empty when it is valid. */
    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        if (!Kinds.exists(kind)) {
            errors.add("kind: unknown '" + kind + "', expected one of " + String.join(", ", Kinds.names()));
        }
        try {
            DatasetKind.parse(dataset);
        } catch (RuntimeException e) {
            errors.add("dataset: " + e.getMessage());
        }
        try {
            Architectures.get(architecture);
        } catch (IllegalArgumentException e) {
            errors.add("architecture: " + e.getMessage());
        }
        if (!QueryStrategies.exists(strategy)) {
            errors.add("strategy: unknown '" + strategy + "', expected one of " + QueryStrategies.names());
        }
        positive(errors, "initial", initial);
        positive(errors, "budget", budget);
        positive(errors, "epochs", epochs);
        positive(errors, "batch", batch);
        if (rounds < 0) {
            errors.add("rounds: must be >= 0 (got " + rounds + ")");
        }
        if (!(lr > 0) || lr.isInfinite()) {
            errors.add("lr: must be > 0 (got " + lr + ")");
        }
        if (trainLimit < 0) {
            errors.add("trainLimit: must be >= 0, 0 meaning all (got " + trainLimit + ")");
        }
        if (testLimit < 0) {
            errors.add("testLimit: must be >= 0, 0 meaning all (got " + testLimit + ")");
        }
        if (dropout != null && !(dropout >= 0 && dropout < 1)) {
            errors.add("dropout: must be in [0, 1) (got " + dropout + ")");
        }
        if (mcSamples != null && mcSamples < 2) {
            errors.add("mcSamples: must be >= 2 (got " + mcSamples + ")");
        }
        if (QueryStrategies.exists(strategy) && QueryStrategies.get(strategy) instanceof io.alps.api.query.MonteCarloStrategy
                && dropoutRate() == 0) {
            errors.add("strategy: " + strategy + " needs a network with dropout (dropout, --dropout P, e.g. 0.5): "
                    + "without it its " + mcPasses() + " passes agree and every sample scores 0");
        }
        if (!Oracles.exists(oracleName())) {
            errors.add("oracle: unknown '" + oracle + "', expected one of " + Oracles.names());
        } else {
            errors.addAll(Oracles.get(oracleName()).validate(this));
            if (labels != null && !FileOracle.NAME.equals(oracleName())) {
                errors.add("labels: a label file is read by oracle '" + FileOracle.NAME + "' only, not '" + oracleName() + "'");
            }
            if (Oracles.get(oracleName()).asksPeople() && Kinds.exists(kind) && Kinds.get(kind).hasFinalTraining(this)) {
                errors.add("oracle: '" + oracleName() + "' labels only what the experiment asks for, but kind '" + kind
                        + "' ends with a training on every training label; turn that off (finalComparison false, "
                        + "--no-comparison) or use another oracle");
            }
        }
        if (stopWhen != null && !StoppingCriteria.exists(stopWhen)) {
            errors.add("stopWhen: unknown '" + stopWhen + "', expected " + StoppingCriteria.NONE + " or one of "
                    + StoppingCriteria.names());
        }
        if (stopKappa != null && !(stopKappa > -1 && stopKappa <= 1)) {
            errors.add("stopKappa: must be in (-1, 1] (got " + stopKappa + ")");
        }
        if (stopUncertainty != null && !(stopUncertainty > 0 && stopUncertainty <= 1)) {
            errors.add("stopUncertainty: must be in (0, 1] (got " + stopUncertainty + ")");
        }
        if (labelBudget != null && labelBudget < 1) {
            errors.add("labelBudget: must be >= 1 (got " + labelBudget + ")");
        }
        if (LabelBudget.NAME.equals(stopWhen) && labelBudget == null) {
            errors.add("stopWhen: " + LabelBudget.NAME + " needs a budget (labelBudget, --label-budget N)");
        }
        if (mask != null && !RANDOM_MASK.equals(mask)) {
            errors.add("mask: unknown '" + mask + "', expected " + LEARNED_MASK + " or " + RANDOM_MASK);
        }
        if (Kinds.exists(kind)) {
            Kind owner = Kinds.get(kind);
            if (mask != null && !owner.owns("mask")) {
                errors.add("mask: '" + mask + "' is edge-popup's control and does not apply to kind '" + kind + "'");
            }
            errors.addAll(owner.validate(this));
        }
        return errors;
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

    /** Throws a {@link SpecException} naming every bad field. */
    public ExperimentSpec requireValid() {
        List<String> errors = validate();
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
        return this;
    }

    public ExperimentSpec withKind(String newKind) {
        return with(java.util.Map.of("kind", newKind));
    }

    /** A copy with the named fields (JSON names) replaced; a null value restores the default. */
    public ExperimentSpec with(java.util.Map<String, ?> changes) {
        java.util.Map<String, Object> fields = MAPPER.convertValue(this,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() { });
        fields.putAll(changes);
        try {
            return MAPPER.convertValue(fields, ExperimentSpec.class);
        } catch (IllegalArgumentException e) {
            throw new SpecException(List.of("spec: " + e.getMessage()));
        }
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ExperimentSpec fromJson(String json) {
        try {
            return MAPPER.readValue(json, ExperimentSpec.class);
        } catch (JsonProcessingException e) {
            throw new SpecException(List.of("spec: not a valid experiment spec: " + e.getOriginalMessage()));
        }
    }

    /** A short, stable fingerprint of the spec: the same spec always has the same hash. */
    @JsonIgnore
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void positive(List<String> errors, String field, int value) {
        if (value < 1) {
            errors.add(field + ": must be >= 1 (got " + value + ")");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

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
