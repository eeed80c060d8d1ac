package io.alps.api.validation;

import io.alps.api.kind.Kinds;
import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.oracle.FileOracle;
import io.alps.api.oracle.Oracles;
import io.alps.api.query.MonteCarloStrategy;
import io.alps.api.query.QueryStrategies;
import io.alps.api.spec.DatasetKind;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.stop.LabelBudget;
import io.alps.api.stop.StoppingCriteria;
import java.util.ArrayList;
import java.util.List;

/**
 * Every check of an experiment spec, in one place above the registries it asks (kinds, strategies,
 * oracles, stopping criteria, networks): the spec itself only holds values.
 */
public final class SpecValidation {
    public static final int MIN_IMAGE_SIZE = ExperimentSpec.MIN_IMAGE_SIZE;
    public static final int MAX_IMAGE_SIZE = ExperimentSpec.MAX_IMAGE_SIZE;

    private SpecValidation() {
    }

    /** Every problem with {@code spec}, as "field: problem (value)"; empty when it is valid. */
    public static List<String> validate(ExperimentSpec spec) {
        List<String> errors = new ArrayList<>();
        if (!Kinds.exists(spec.kind())) {
            errors.add("kind: unknown '" + spec.kind() + "', expected one of " + String.join(", ", Kinds.names()));
        }
        try {
            DatasetKind.parse(spec.dataset());
        } catch (RuntimeException e) {
            errors.add("dataset: " + e.getMessage());
        }
        try {
            Architectures.get(spec.architecture());
        } catch (IllegalArgumentException e) {
            errors.add("architecture: " + e.getMessage());
        }
        if (!QueryStrategies.exists(spec.strategy())) {
            errors.add("strategy: unknown '" + spec.strategy() + "', expected one of " + QueryStrategies.names());
        }
        positive(errors, "initial", spec.initial());
        positive(errors, "budget", spec.budget());
        positive(errors, "epochs", spec.epochs());
        positive(errors, "batch", spec.batch());
        if (spec.rounds() < 0) {
            errors.add("rounds: must be >= 0 (got " + spec.rounds() + ")");
        }
        if (!(spec.lr() > 0) || spec.lr().isInfinite()) {
            errors.add("lr: must be > 0 (got " + spec.lr() + ")");
        }
        if (spec.trainLimit() < 0) {
            errors.add("trainLimit: must be >= 0, 0 meaning all (got " + spec.trainLimit() + ")");
        }
        if (spec.testLimit() < 0) {
            errors.add("testLimit: must be >= 0, 0 meaning all (got " + spec.testLimit() + ")");
        }
        if (spec.dropout() != null && !(spec.dropout() >= 0 && spec.dropout() < 1)) {
            errors.add("dropout: must be in [0, 1) (got " + spec.dropout() + ")");
        }
        if (spec.mcSamples() != null && spec.mcSamples() < 2) {
            errors.add("mcSamples: must be >= 2 (got " + spec.mcSamples() + ")");
        }
        if (QueryStrategies.exists(spec.strategy()) && QueryStrategies.get(spec.strategy()) instanceof MonteCarloStrategy
                && spec.dropoutRate() == 0) {
            errors.add("strategy: " + spec.strategy() + " needs a network with dropout (dropout, --dropout P, e.g. 0.5): "
                    + "without it its " + spec.mcPasses() + " passes agree and every sample scores 0");
        }
        imageSize(spec, errors);
        oracle(spec, errors);
        stopping(spec, errors);
        pretrained(spec, errors);
        if (spec.options() != null) {
            errors.addAll(spec.options().validate(spec));
        }
        return errors;
    }

    /** Throws a {@link ExperimentSpec.SpecException} naming every bad field; returns the spec when it is valid. */
    public static ExperimentSpec requireValid(ExperimentSpec spec) {
        List<String> errors = validate(spec);
        if (!errors.isEmpty()) {
            throw new ExperimentSpec.SpecException(errors);
        }
        return spec;
    }

    /** Within the bounds, and a side the chosen network's layers can lay themselves out for. */
    private static void imageSize(ExperimentSpec spec, List<String> errors) {
        int side = spec.imageSide();
        if (side < MIN_IMAGE_SIZE) {
            errors.add("imageSize: " + side + " is below the smallest side, " + MIN_IMAGE_SIZE);
        } else if (side > MAX_IMAGE_SIZE) {
            errors.add("imageSize: " + side + " is above the largest side, " + MAX_IMAGE_SIZE);
        } else if (Architectures.exists(spec.architecture())) {
            try {
                // The channel and class counts do not change whether the layers fit.
                Architectures.get(spec.architecture()).plan(new ImageShape(3, side, side), 10).shapes();
            } catch (IllegalArgumentException e) {
                errors.add("imageSize: " + e.getMessage());
            }
        }
    }

    private static void oracle(ExperimentSpec spec, List<String> errors) {
        String name = spec.oracleName();
        if (!Oracles.exists(name)) {
            errors.add("oracle: unknown '" + spec.oracle() + "', expected one of " + Oracles.names());
            return;
        }
        errors.addAll(Oracles.get(name).validate(spec));
        if (spec.labels() != null && !FileOracle.NAME.equals(name)) {
            errors.add("labels: a label file is read by oracle '" + FileOracle.NAME + "' only, not '" + name + "'");
        }
        if (Oracles.get(name).asksPeople() && Kinds.exists(spec.kind()) && Kinds.get(spec.kind()).hasFinalTraining(spec)) {
            errors.add("oracle: '" + name + "' labels only what the experiment asks for, but kind '" + spec.kind()
                    + "' ends with a training on every training label; turn that off (finalComparison false, "
                    + "--no-comparison) or use another oracle");
        }
    }

    private static void stopping(ExperimentSpec spec, List<String> errors) {
        if (spec.stopWhen() != null && !StoppingCriteria.exists(spec.stopWhen())) {
            errors.add("stopWhen: unknown '" + spec.stopWhen() + "', expected " + StoppingCriteria.NONE + " or one of "
                    + StoppingCriteria.names());
        }
        if (spec.stopKappa() != null && !(spec.stopKappa() > -1 && spec.stopKappa() <= 1)) {
            errors.add("stopKappa: must be in (-1, 1] (got " + spec.stopKappa() + ")");
        }
        if (spec.stopUncertainty() != null && !(spec.stopUncertainty() > 0 && spec.stopUncertainty() <= 1)) {
            errors.add("stopUncertainty: must be in (0, 1] (got " + spec.stopUncertainty() + ")");
        }
        if (spec.labelBudget() != null && spec.labelBudget() < 1) {
            errors.add("labelBudget: must be >= 1 (got " + spec.labelBudget() + ")");
        }
        if (LabelBudget.NAME.equals(spec.stopWhen()) && spec.labelBudget() == null) {
            errors.add("stopWhen: " + LabelBudget.NAME + " needs a budget (labelBudget, --label-budget N)");
        }
    }

    private static void pretrained(ExperimentSpec spec, List<String> errors) {
        if (spec.initFrom() != null && spec.initFrom().isBlank()) {
            errors.add("initFrom: empty; name an ALPS checkpoint (final_model.zip) or an ONNX file");
        }
        // Pruning cuts the backbone's filters and edge-popup chooses among its weights: neither keeps a backbone fixed.
        if (spec.backboneFrozen() && !FROZEN_BACKBONE_KIND.equals(spec.kind())) {
            errors.add("freezeBackbone: trains only the output layer of kind '" + FROZEN_BACKBONE_KIND
                    + "'; kind '" + spec.kind() + "' changes the layers before it");
        }
    }

    private static final String FROZEN_BACKBONE_KIND = "dense";

    private static void positive(List<String> errors, String field, int value) {
        if (value < 1) {
            errors.add(field + ": must be >= 1 (got " + value + ")");
        }
    }
}
