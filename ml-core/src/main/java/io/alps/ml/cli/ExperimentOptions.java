package io.alps.ml.cli;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.OptionHelp;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every experiment subcommand shares (the CLI contract; the JSON spec uses the same
 * names). Their defaults are the spec's ({@link SpecDefaults}).
 */
public final class ExperimentOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "CIFAR-10 binary files (directory or cifar-10-binary.tar.gz), Fashion-MNIST IDX directory, or "
                    + "an image folder (DIR/train/<class>/*, DIR/test/<class>/*, optional DIR/unlabeled/*). "
                    + "Default: ./data/cifar-10, downloaded on first use; for fashion-mnist ./data/fashion-mnist or "
                    + "/usr/share/datasets/fashion-mnist.")
    Path data;

    @Option(names = "--dataset", completionCandidates = Candidates.DatasetNames.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--oracle", paramLabel = "NAME",
            description = OptionHelp.ORACLE + ": dataset (the data set's own labels) or file (--labels) (default: "
                    + ExperimentSpec.DEFAULT_ORACLE + ").")
    String oracle;

    @Option(names = "--dropout", paramLabel = "P",
            description = "Dropout probability before each dense layer and the output, 0 = none (default: 0; bald needs it).")
    Double dropout;

    @Option(names = "--mc-samples", paramLabel = "T",
            description = "Stochastic forward passes of the bald strategy (default: "
                    + ExperimentSpec.DEFAULT_MC_SAMPLES + ").")
    Integer mcSamples;

    @Option(names = "--stop-when", paramLabel = "NAME", completionCandidates = Candidates.StopCriterionNames.class,
            description = "Stop early when this criterion is met: ${COMPLETION-CANDIDATES}. Every criterion is reported "
                    + "each round either way (default: " + ExperimentSpec.NO_STOPPING + ").")
    String stopWhen;

    @Option(names = "--stop-kappa", paramLabel = "K",
            description = "stabilising-predictions: mean kappa of consecutive models over the last "
                    + io.alps.api.stop.StabilisingPredictions.WINDOW + " rounds (default: "
                    + ExperimentSpec.DEFAULT_STOP_KAPPA + ").")
    Double stopKappa;

    @Option(names = "--stop-uncertainty", paramLabel = "U",
            description = "max-uncertainty: largest least-confidence score on the stop set (default: "
                    + ExperimentSpec.DEFAULT_STOP_UNCERTAINTY + ").")
    Double stopUncertainty;

    @Option(names = "--label-budget", paramLabel = "N",
            description = "label-budget: labels that may be used in all (default: none).")
    Integer labelBudget;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Labels for --oracle file: a CSV with columns id,label (id: sample id or image path as in "
                    + "manifest.csv; label: class name) or a Label Studio JSON export.")
    Path labels;

    @Option(names = "--data-name", paramLabel = "NAME",
            description = "Name of the data set in reports and plots (default: recognised from the files, e.g. 'CIFAR-10 (JPEG copy)').")
    String dataName;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/<kind>-<strategy>-seed<seed>).")
    Path out;

    @Option(names = "--seed",
            description = OptionHelp.SEED + "; a comma list in `alps sweep` (default: ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--strategy", completionCandidates = Candidates.StrategyNames.class,
            description = OptionHelp.STRATEGY + ": ${COMPLETION-CANDIDATES}; a comma list in `alps sweep` "
                    + "(default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--initial", description = OptionHelp.INITIAL + " (default: ${DEFAULT-VALUE}).")
    int initial;

    @Option(names = "--budget", description = OptionHelp.BUDGET + " (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--rounds", description = OptionHelp.ROUNDS + " (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--epochs", description = OptionHelp.EPOCHS + " (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", description = OptionHelp.BATCH + " (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", description = OptionHelp.LR + " (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--train-limit", paramLabel = "N",
            description = OptionHelp.TRAIN_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int trainLimit;

    @Option(names = "--test-limit", paramLabel = "N",
            description = OptionHelp.TEST_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int testLimit;

    @Option(names = {"--arch", "--architecture"}, paramLabel = "NAME",
            description = OptionHelp.ARCHITECTURE + ". One of " + io.alps.api.model.Architectures.NAMES
                    + "; a comma list in `alps sweep` (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--image-size", paramLabel = "N",
            description = OptionHelp.IMAGE_SIZE + "; a comma list in `alps sweep` (default: "
                    + ExperimentSpec.DEFAULT_IMAGE_SIZE + ").")
    String imageSize;

    @Option(names = "--init-from", paramLabel = "FILE",
            description = OptionHelp.INIT_FROM + " (default: random initialisation).")
    Path initFrom;

    @Option(names = "--freeze-backbone", negatable = true,
            description = OptionHelp.FREEZE_BACKBONE + " (default: false).")
    Boolean freezeBackbone;

    /** The spec these options describe, for an experiment of {@code kind}; the kind's own fields left at defaults. */
    public ExperimentSpec toSpec(String kind) {
        return toSpec(kind, singleSeed(), strategy);
    }

    /** The same spec with an explicit seed and strategy (a sweep takes them from its lists). */
    public ExperimentSpec toSpec(String kind, long seed, String strategy) {
        java.util.Map<String, Object> fields = new java.util.HashMap<>();
        fields.put("dataset", dataset);
        fields.put("data", data == null ? null : data.toString());
        fields.put("dataName", dataName);
        fields.put("architecture", architectures().get(0));
        fields.put("seed", seed);
        fields.put("strategy", strategy);
        fields.put("initial", initial);
        fields.put("budget", budget);
        fields.put("rounds", rounds);
        fields.put("epochs", epochs);
        fields.put("batch", batch);
        fields.put("lr", lr);
        fields.put("trainLimit", trainLimit);
        fields.put("testLimit", testLimit);
        fields.put("oracle", oracle);
        fields.put("labels", labels == null ? null : labels.toString());
        fields.put("dropout", dropout);
        fields.put("mcSamples", mcSamples);
        fields.put("stopWhen", stopWhen);
        fields.put("stopKappa", stopKappa);
        fields.put("stopUncertainty", stopUncertainty);
        fields.put("labelBudget", labelBudget);
        fields.put("imageSize", imageSize == null ? null : imageSizes().get(0));
        fields.put("initFrom", initFrom == null ? null : initFrom.toString());
        fields.put("freezeBackbone", freezeBackbone);
        return ExperimentSpec.defaults(kind).with(fields);
    }

    public Path outOrDefault(String kind) {
        return out != null ? out : Path.of("runs", kind + "-" + strategy + "-seed" + seed);
    }

    /** The comma-separated values of {@code --strategy} (for sweeps). */
    public java.util.List<String> strategies() {
        return Lists.strings("--strategy", strategy);
    }

    /** The comma-separated values of {@code --arch} (for sweeps). */
    public java.util.List<String> architectures() {
        return Lists.strings("--arch", architecture);
    }

    /** The comma-separated values of {@code --image-size} (for sweeps); empty when it is not given. */
    public java.util.List<Integer> imageSizes() {
        return imageSize == null ? java.util.List.of() : Lists.ints("--image-size", imageSize);
    }

    /** The comma-separated values of {@code --seed} (for sweeps). */
    public java.util.List<Long> seeds() {
        return Lists.longs("--seed", seed);
    }

    private long singleSeed() {
        java.util.List<Long> seeds = seeds();
        if (seeds.size() != 1 || strategies().size() != 1 || architectures().size() != 1 || imageSizes().size() > 1) {
            throw new IllegalArgumentException("one experiment takes one --seed, one --strategy, one --arch and one --image-size; "
                    + "use `alps sweep` for lists");
        }
        return seeds.get(0);
    }
}
