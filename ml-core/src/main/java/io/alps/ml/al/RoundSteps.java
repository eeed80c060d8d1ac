package io.alps.ml.al;

import io.alps.api.validation.SpecValidation;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;

import io.alps.api.kind.Kind;
import io.alps.api.kind.Kinds;
import io.alps.ml.backend.MemoryLimit;
import io.alps.api.oracle.Oracle;
import io.alps.api.report.LabelFiles;
import io.alps.api.oracle.Oracles;
import io.alps.ml.data.DataException;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.Dataset;
import io.alps.api.model.Architectures;
import io.alps.ml.model.ModelStats;
import io.alps.api.model.NetworkPlan;
import io.alps.api.query.QueryStrategies;
import io.alps.ml.onnx.PretrainedWeights;
import io.alps.ml.query.ChunkResult;
import io.alps.ml.query.PoolChunks;
import io.alps.ml.query.Selector;
import io.alps.ml.train.PoolInference;
import io.alps.api.result.EpochMetrics;
import io.alps.ml.train.Evaluation;
import io.alps.ml.train.Evaluator;
import io.alps.ml.train.TrainSettings;
import io.alps.ml.train.Trainer;
import io.alps.api.stop.StopSignals;
import io.alps.api.util.Seeds;
import java.util.List;

/**
 * The steps of an active-learning experiment, each callable on its own so that a service can run
 * one step per event and the single-process runner can chain them: the same inputs give the same
 * outputs either way.
 */
public final class RoundSteps {
    private final ExperimentSpec spec;
    private final DataSplit data;
    private final ExperimentMethod method;
    /** The kept embeddings of a frozen backbone ({@code freezeBackbone}); null when the whole network trains. */
    private final FrozenBackbone frozen;

    public RoundSteps(ExperimentSpec spec, DataSplit data) {
        this(SpecValidation.requireValid(spec), withOraclesLabels(spec, Oracles.get(spec.oracleName()), data), true,
                spec.backboneFrozen() ? new FrozenBackbone() : null);
    }

    private RoundSteps(ExperimentSpec spec, DataSplit data, boolean check, FrozenBackbone frozen) {
        this.spec = spec;
        this.data = data;
        this.method = ExperimentMethods.get(spec.kind());
        this.frozen = frozen;
        if (!check) {
            return;
        }
        io.alps.api.model.ImageShape shape = data.train().shape();
        // The network is laid out for the data's images: a side the spec sets must be theirs, or the
        // spec (and its hash) would describe a network the experiment does not train.
        if (spec.imageSize() != null && (shape.height() != spec.imageSide() || shape.width() != spec.imageSide())) {
            throw new ExperimentSpec.SpecException(List.of("imageSize: the network is for " + spec.imageSide() + "x"
                    + spec.imageSide() + " images but " + data.displayName() + " gives " + shape + " ones"));
        }
        List<String> poolErrors = spec.validateAgainstPool(data.train().size());
        if (!poolErrors.isEmpty()) {
            throw new ExperimentSpec.SpecException(poolErrors);
        }
        List<String> methodErrors = new java.util.ArrayList<>(kind().validate(spec, plan()));
        methodErrors.addAll(method.validate(spec, plan()));
        if (!methodErrors.isEmpty()) {
            throw new ExperimentSpec.SpecException(methodErrors);
        }
    }

    /**
     * The pool: the training samples the oracle has a label for, with its labels; for an oracle that
     * asks people, every training sample, none labelled until {@link #withAnswers}.
     */
    private static DataSplit withOraclesLabels(ExperimentSpec spec, Oracle oracle, DataSplit data) {
        Dataset train = data.train();
        int[] labels;
        try {
            labels = oracle.labels(spec, train.labels(), train.sampleNames(), train.classNames());
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
        if (oracle.asksPeople()) {
            return new DataSplit(data.displayName(), train.withLabels(labels), data.test());
        }
        if (java.util.Arrays.stream(labels).allMatch(l -> l == Oracle.NONE)) {
            throw new DataException("oracle '" + spec.oracleName() + "' has a label for none of the " + labels.length
                    + " training images");
        }
        return new DataSplit(data.displayName(), train.withLabels(labels).labelled(), data.test());
    }

    /**
     * These steps with the labels people gave ({@code answers}: sample id -> class name) added to
     * the pool's; the images are shared, not copied.
     *
     * @throws DataException naming the sample and the class when a class is not the data set's
     */
    public RoundSteps withAnswers(java.util.Map<Integer, String> answers) {
        if (answers.isEmpty()) {
            return this;
        }
        Dataset train = data.train();
        int[] labels = train.labels();
        for (var a : answers.entrySet()) {
            int label = train.classNames().indexOf(a.getValue());
            if (a.getKey() < 0 || a.getKey() >= labels.length || label < 0) {
                throw new DataException("answer for sample " + a.getKey() + ": " + (label < 0 ? "unknown class '"
                        + a.getValue() + "' (classes: " + String.join(", ", train.classNames()) + ")"
                        : "no such sample in the pool of " + labels.length));
            }
            labels[a.getKey()] = label;
        }
        return new RoundSteps(spec, new DataSplit(data.displayName(), train.withLabels(labels), data.test()), false, frozen);
    }

    /** Whether the labels come from people answering queries (see {@link Oracle#asksPeople}). */
    public boolean asksPeople() {
        return Oracles.get(spec.oracleName()).asksPeople();
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public DataSplit data() {
        return data;
    }

    public ExperimentMethod method() {
        return method;
    }

    /** What the kind is apart from its engine: spec checks, sweep axes, report files. */
    public Kind kind() {
        return Kinds.get(spec.kind());
    }

    public NetworkPlan plan() {
        return Architectures.get(spec.architecture()).plan(data.train().shape(), data.train().numClasses())
                .withDropout(spec.dropoutRate());
    }

    /** Round 0's labeled ids. */
    public int[] initialLabels() {
        return LabelSets.initial(spec.seed(), data.train().size(), spec.initial());
    }

    /**
     * The round-0 network (theta0): the method's seeded network, with the weights of {@code initFrom}
     * loaded over it when the spec names a file (the output layer stays new, for this data set's classes).
     */
    public NetworkState initialNetwork() {
        return initialNetwork(spec.initFrom() == null ? null : java.nio.file.Path.of(spec.initFrom()));
    }

    /**
     * As {@link #initialNetwork()}, with the weights of {@code initFrom} (null: none): the file that
     * the spec's {@code initFrom} stands for where its value is a name rather than a path (the services).
     */
    public NetworkState initialNetwork(java.nio.file.Path initFrom) {
        NetworkState seeded = method.initial(spec, plan());
        return initFrom == null ? seeded : InitialWeights.load(initFrom, seeded, PretrainedWeights.Head.REPLACE);
    }

    /** Trains {@code start} in place on {@code labeled} and evaluates it on the test set. */
    public RoundResult train(int round, NetworkState start, int[] labeled, Trainer.EpochListener listener) {
        for (int id : labeled) {
            if (data.train().label(id) == Oracle.NONE) {
                throw new IllegalStateException("round " + round + ": " + data.train().sampleName(id)
                        + " has no label yet (oracle '" + spec.oracleName() + "' has not given it)");
            }
        }
        long t0 = System.nanoTime();
        Trainer.EpochListener hook = method.epochHook(spec, round, start);
        Trainer.EpochListener both = hook == null ? listener : m -> {
            if (listener != null) {
                listener.onEpoch(m);
            }
            hook.onEpoch(m);
        };
        List<EpochMetrics> history;
        if (!method.trains(spec)) {
            history = List.of();
        } else if (frozen != null) {
            // Only the output layer trains: on the kept embeddings, then back into the whole network.
            FrozenBackbone.Embedded embedded = embedded(start);
            org.deeplearning4j.nn.graph.ComputationGraph head = FrozenBackbone.head(start.network());
            history = Trainer.fit(head, embedded.train(), labeled, embedded.test(), settings(), round, both);
            FrozenBackbone.copyHead(head, start.network());
        } else {
            history = MemoryLimit.guard(spec.architecture(), spec.batch(), "training",
                    () -> Trainer.fit(start.network(), data.train(), labeled, data.test(), settings(), round, both));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Evaluation test = history.isEmpty() ? Evaluator.evaluate(start.network(), data.test())
                : new Evaluation(history.get(history.size() - 1).testAccuracy(), history.get(history.size() - 1).testLoss(),
                data.test().size());
        ModelStats stats = ModelStats.of(start.network(), start.plan());
        return new RoundResult(round, labeled.length, test.accuracy(), test.loss(), stats.parameters(), stats.macs(),
                history, seconds, 0, java.util.Map.of());
    }

    /**
     * Adds the stopping signals of a trained round and every criterion's verdict on it.
     * {@code previous}: the network round r-1 ended with (null in round 0); {@code earlier}: the
     * results of rounds 0 .. r-1, each with its signals.
     */
    public RoundResult withStopSignals(RoundResult result, NetworkState trained, NetworkState previous, int[] labeled,
                                       List<RoundResult> earlier) {
        return withStopSignals(result, trained, previous, labeled, earlier, io.alps.api.util.CancelCheck.NEVER);
    }

    /** As {@link #withStopSignals(RoundResult, NetworkState, NetworkState, int[], List)}, asking {@code cancel} per chunk. */
    public RoundResult withStopSignals(RoundResult result, NetworkState trained, NetworkState previous, int[] labeled,
                                       List<RoundResult> earlier, io.alps.api.util.CancelCheck cancel) {
        RoundResult measured = result.withExtras(frozen != null
                ? StopSetSignals.of(embedded(trained).train(), StopSetSignals.stopSet(spec.seed(), data.train().size()),
                        FrozenBackbone.head(trained.network()),
                        previous == null ? null : FrozenBackbone.head(previous.network()), labeled, cancel)
                : StopSetSignals.of(data.train(), StopSetSignals.stopSet(spec.seed(), data.train().size()),
                        trained.network(), previous == null ? null : previous.network(), labeled, cancel));
        List<RoundResult> rounds = new java.util.ArrayList<>(earlier);
        rounds.add(measured);
        return measured.withExtras(StopSignals.verdicts(spec, rounds));
    }

    /** True after the spec's last round, and after the round in which its stopping criterion is met. */
    public boolean isLastRound(RoundResult result) {
        return result.round() >= spec.rounds() || StopSignals.stopsAfter(spec, result);
    }

    /**
     * Kind-specific metrics and files of a trained round (see {@link ExperimentMethod#afterTraining});
     * after the last round also the experiment's {@link FinalModel}. {@code previous} is the network
     * the previous round ended with, null in round 0.
     */
    public RoundResult afterTraining(RoundResult result, NetworkState trained, NetworkState previous,
                                     io.alps.api.report.ArtifactSink sink) {
        boolean last = isLastRound(result);
        RoundResult done = result.withExtras(method.afterTraining(spec, result.round(), last, trained, previous, sink));
        if (last) {
            FinalModel.write(trained, io.alps.ml.data.ImagePreparation.of(data.train()).orElse(null), sink);
        }
        return done;
    }

    /** The ids to label next, chosen with the spec's strategy from everything not yet labeled. */
    public int[] select(int round, NetworkState trained, int[] labeled) {
        return select(round, trained, labeled, io.alps.api.util.CancelCheck.NEVER);
    }

    /** As {@link #select(int, NetworkState, int[])}, stopping within a chunk once {@code cancel} throws. */
    public int[] select(int round, NetworkState trained, int[] labeled, io.alps.api.util.CancelCheck cancel) {
        return select(round, trained, labeled, poolChunks(labeled), cancel);
    }

    /**
     * As {@link #select(int, NetworkState, int[], io.alps.api.util.CancelCheck)} with the pool cut
     * into {@code chunks}: each chunk scored in turn, then merged, exactly as selectors sharing
     * the chunks do ({@link #scoreChunk}, {@link #mergeChunks}).
     */
    public int[] select(int round, NetworkState trained, int[] labeled, PoolChunks chunks,
                        io.alps.api.util.CancelCheck cancel) {
        Scoring s = scoring(trained);
        var strategy = QueryStrategies.get(spec.strategy());
        try (PoolInference inference = s.inference(strategy)) {
            return s.guard("scoring the pool", () -> Selector.select(strategy, s.network(), inference, s.data(), chunks,
                    labeled, spec.budget(), selectStream(round), spec.mcPasses(), cancel));
        }
    }

    /** The round's unlabeled pool in chunks of {@link PoolChunks#SIZE}. */
    public PoolChunks poolChunks(int[] labeled) {
        return PoolChunks.of(LabelSets.unlabeled(data.train().size(), labeled));
    }

    /** The round's unlabeled pool in chunks of {@code size} images. */
    public PoolChunks poolChunks(int[] labeled, int size) {
        return PoolChunks.of(LabelSets.unlabeled(data.train().size(), labeled), size);
    }

    /** One chunk of the round's pool scored on its own (see {@link Selector#scoreChunk}). */
    public ChunkResult scoreChunk(int round, NetworkState trained, int[] labeled, PoolChunks chunks, int chunk,
                                  io.alps.api.util.CancelCheck cancel) {
        Scoring s = scoring(trained);
        var strategy = QueryStrategies.get(spec.strategy());
        try (PoolInference inference = s.inference(strategy)) {
            return s.guard("scoring the pool", () -> Selector.scoreChunk(strategy, s.network(), inference, s.data(),
                    chunks, chunk, () -> Evaluator.embeddings(s.network(), s.data(), labeled, cancel), spec.budget(),
                    selectStream(round), spec.mcPasses(), cancel));
        }
    }

    /** The ids to label next from every chunk's result (see {@link Selector#merge}). */
    public int[] mergeChunks(int round, NetworkState trained, int[] labeled, PoolChunks chunks,
                             List<ChunkResult> results, io.alps.api.util.CancelCheck cancel) {
        Scoring s = scoring(trained);
        return s.guard("merging the pool's chunks", () -> Selector.merge(QueryStrategies.get(spec.strategy()),
                chunks.count(), results, () -> Evaluator.embeddings(s.network(), s.data(), labeled, cancel),
                spec.budget(), selectStream(round), cancel));
    }

    private long selectStream(int round) {
        return Seeds.derive(spec.seed(), "select", round);
    }

    /**
     * The network that scores the pool and the images it reads: the output layer on kept embeddings
     * for a frozen backbone ({@code plan} and {@code architecture} null then).
     */
    private record Scoring(org.deeplearning4j.nn.graph.ComputationGraph network, Dataset data, NetworkPlan plan,
                           String architecture) {
        <T> T guard(String what, java.util.function.Supplier<T> work) {
            return architecture == null ? work.get()
                    : MemoryLimit.guard(architecture, io.alps.ml.train.Evaluator.CHUNK, what, work);
        }

        /** What computes the probabilities: DL4J for the output layer of a frozen backbone. */
        PoolInference inference(io.alps.api.query.QueryStrategy strategy) {
            return plan != null ? Selector.inferenceFor(strategy, plan, network) : PoolInference.dl4j(network);
        }
    }

    private Scoring scoring(NetworkState trained) {
        if (frozen != null) {
            return new Scoring(FrozenBackbone.head(trained.network()), embedded(trained).train(), null, null);
        }
        return new Scoring(trained.network(), data.train(), trained.plan(), spec.architecture());
    }

    /** The frozen backbone's embeddings of the data, computed the first time and kept. */
    private FrozenBackbone.Embedded embedded(NetworkState network) {
        return MemoryLimit.guard(spec.architecture(), io.alps.ml.train.Evaluator.CHUNK, "embedding the images",
                () -> frozen.of(network.network(), data));
    }

    /**
     * Writes {@code labels.csv} (every label used up to now, with the round it was first trained in)
     * and, in round 0 for a data set of image files, {@code manifest.csv}. {@code labeledByRound}:
     * the labelled ids of rounds 0 .. the current one.
     */
    public void writeLabelFiles(List<int[]> labeledByRound, io.alps.api.report.ArtifactSink sink) {
        int round = labeledByRound.size() - 1;
        java.util.Map<Integer, Integer> firstRound = new java.util.TreeMap<>();
        for (int r = 0; r <= round; r++) {
            for (int id : labeledByRound.get(r)) {
                firstRound.putIfAbsent(id, r);
            }
        }
        var train = data.train();
        if (round == 0 && train.sampleNames() != null) {
            sink.write(LabelFiles.MANIFEST, LabelFiles.manifest(train.sampleNames(), data.test().sampleNames()));
        }
        sink.write(LabelFiles.LABELS, LabelFiles.labels(firstRound, train.labels(), train.classNames(), train.sampleNames()));
    }

    /** The network the next round starts from. */
    public NetworkState next(int round, NetworkState trained, NetworkState theta0) {
        return method.next(spec, round, trained, theta0);
    }

    public TrainSettings settings() {
        return new TrainSettings(spec.epochs(), spec.batch(), spec.lr(), spec.seed());
    }
}
