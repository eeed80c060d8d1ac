package io.alps.api.spec;

import java.util.Map;
import java.util.Optional;

/**
 * What each spec field means, in one place: the command line's option help and the console's
 * experiment form both read it, so the two explain a field the same way. The texts are constants
 * so picocli's annotations can use them; each says what the field does, without its default (the
 * command line adds "(default: ...)", the form fills the default in) and without the command line's
 * own syntax (comma lists, option names).
 */
public final class OptionHelp {
    public static final String KIND = "How the network is trained: dense (the whole network), edge-popup (a subnetwork "
            + "of frozen random weights chosen by trained scores) or lth (structured filter pruning with lottery-ticket "
            + "rewinding)";
    public static final String DATA = "The data set to run on: one registered on the server or uploaded";
    public static final String DATASET = "The data set's format";
    public static final String ARCHITECTURE = "The network trained (or searched for a subnetwork); alps describe "
            + "--arch NAME shows its layers";
    public static final String STRATEGY = "Query strategy: how the next samples to label are picked (bald needs dropout)";
    public static final String ORACLE = "Who labels the samples the strategy picks";
    public static final String SEED = "Seed for initialisation, label sets and shuffling";
    public static final String INITIAL = "Labeled samples in round 0";
    public static final String BUDGET = "Samples labeled per round";
    public static final String ROUNDS = "Selection rounds after round 0";
    public static final String EPOCHS = "Training epochs per round";
    public static final String BATCH = "Mini-batch size";
    public static final String LR = "Adam learning rate";
    public static final String TRAIN_LIMIT = "Use only the first N training images, 0 = all";
    public static final String TEST_LIMIT = "Use only the first N test images, 0 = all";
    public static final String IMAGE_SIZE = "Side in pixels of the square images the network is built for and sees ("
            + ExperimentSpec.MIN_IMAGE_SIZE + "-" + ExperimentSpec.MAX_IMAGE_SIZE + ", within what the network's pooling allows)";
    public static final String INIT_FROM = "Start from a trained network instead of random weights: an ALPS checkpoint "
            + "(final_model.zip) or an ONNX file with the network's layout; the output layer is new for this data set's "
            + "classes";
    public static final String FREEZE_BACKBONE = "Train only the output layer; the layers before it keep their (e.g. "
            + "initial network's) weights (kind dense)";
    public static final String K = "Fraction of each layer's weights the subnetwork keeps, in (0, 1]";
    public static final String PRUNE_RATIO = "Fraction in [0, 1): a layer of n units keeps round(n * (1 - P)^r) "
            + "after round r";
    public static final String REWIND = "Weights of the pruned network: theta0 (the lottery ticket's initial weights), "
            + "epoch:E (those after epoch E of round 0), random (re-initialised, the control) or keep (the trained ones "
            + "fine-tuned)";
    public static final String PRUNE_ROUND_TO = "Move each kept count to the nearest multiple of M (at least M) in "
            + "layers whose original width is a multiple of M: CPU kernels compute channels in blocks of 16, so with "
            + "M = 16 a pruned network speeds up about as much as its FLOPs fall; 1 keeps counts as they fall";
    public static final String CONTROLS = "Controls to add beside a sweep's experiments, each compared with what it "
            + "controls: random-sampling (random picks instead of the strategy), the kinds' own (random-reinit: the "
            + "pruned network re-initialised; random-mask: an untrained random mask) and dense (the dense network)";

    /** By spec field name (the JSON's camelCase names). */
    private static final Map<String, String> BY_FIELD = Map.ofEntries(
            Map.entry("kind", KIND), Map.entry("data", DATA), Map.entry("dataset", DATASET),
            Map.entry("architecture", ARCHITECTURE), Map.entry("strategy", STRATEGY), Map.entry("oracle", ORACLE),
            Map.entry("seed", SEED), Map.entry("initial", INITIAL), Map.entry("budget", BUDGET),
            Map.entry("rounds", ROUNDS), Map.entry("epochs", EPOCHS), Map.entry("batch", BATCH), Map.entry("lr", LR),
            Map.entry("imageSize", IMAGE_SIZE), Map.entry("initFrom", INIT_FROM),
            Map.entry("freezeBackbone", FREEZE_BACKBONE), Map.entry("trainLimit", TRAIN_LIMIT), Map.entry("testLimit", TEST_LIMIT), Map.entry("k", K),
            Map.entry("pruneRatio", PRUNE_RATIO), Map.entry("rewind", REWIND), Map.entry("pruneRoundTo", PRUNE_ROUND_TO),
            Map.entry("controls", CONTROLS));

    private OptionHelp() {
    }

    /** The help of the spec field (or sweep field, {@code controls}) {@code field}, if it has one. */
    public static Optional<String> of(String field) {
        return Optional.ofNullable(BY_FIELD.get(field));
    }
}
