package io.alps.ml.bench;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.api.query.Embeddings;
import io.alps.api.query.MonteCarloStrategy;
import io.alps.api.query.QueryStrategies;
import io.alps.api.query.QueryStrategy;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.util.CancelCheck;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.Dataset;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.query.ChunkResult;
import io.alps.ml.query.PoolChunks;
import io.alps.ml.query.Selector;
import io.alps.ml.train.Evaluator;
import io.alps.ml.train.PoolInference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * One round's selection through the chunk path, timed chunk by chunk: the first {@code labeled}
 * of {@code pool + labeled} synthetic images count as labelled, the rest is cut into
 * {@link PoolChunks} and each chunk scored as a selector scores it, then the results merged. With
 * the chunks' times it says what {@code n} selectors would take, each scoring its share of the
 * chunks in turn (one chunk per selector at a time, as the share group hands them out).
 */
public final class ChunkedSelectionBenchmark {
    private ChunkedSelectionBenchmark() {
    }

    public record Settings(String architecture, ImageShape shape, int classes, int pool, int labeled, int budget,
                           String strategy) {
    }

    /** Seconds of each chunk (in chunk order), with its images, and of the merge. */
    public record Timing(double[] chunkSeconds, int[] chunkImages, double mergeSeconds) {
        /** Scoring and merging in one process. */
        public double total() {
            return Arrays.stream(chunkSeconds).sum() + mergeSeconds;
        }

        /**
         * Wall time with {@code selectors} instances, each on a machine of its own, taking these
         * chunks from the queue in order (each to the instance free first), then the merge.
         */
        public double withSelectors(int selectors) {
            double[] freeAt = new double[selectors];
            for (double s : chunkSeconds) {
                int first = 0;
                for (int i = 1; i < selectors; i++) {
                    if (freeAt[i] < freeAt[first]) {
                        first = i;
                    }
                }
                freeAt[first] += s;
            }
            return Arrays.stream(freeAt).max().orElse(0) + mergeSeconds;
        }
    }

    public static Timing run(Settings s) {
        Backend.init();
        QueryStrategy strategy = QueryStrategies.get(s.strategy());
        NetworkPlan plan = Architectures.get(s.architecture()).plan(s.shape(), s.classes());
        ComputationGraph net = NetworkBuilder.build(strategy instanceof MonteCarloStrategy ? plan.withDropout(0.5) : plan,
                1e-3, 1);
        Dataset data = Benchmark.syntheticData(s.shape(), s.classes(), s.pool() + s.labeled());
        int[] labeled = IntStream.range(0, s.labeled()).toArray();
        PoolChunks chunks = PoolChunks.of(IntStream.range(s.labeled(), s.labeled() + s.pool()).toArray());
        Supplier<Embeddings> labelled = () -> Evaluator.embeddings(net, data, labeled);
        double[] seconds = new double[chunks.count()];
        int[] images = new int[chunks.count()];
        List<ChunkResult> results = new ArrayList<>();
        for (int c = 0; c < chunks.count(); c++) {
            // As a selector scores a chunk (RoundSteps.scoreChunk): loading the network into the engine is part of it.
            long t0 = System.nanoTime();
            try (PoolInference inference = Selector.inferenceFor(strategy, plan, net)) {
                results.add(Selector.scoreChunk(strategy, net, inference, data, chunks, c, labelled, s.budget(), 1,
                        ExperimentSpec.DEFAULT_MC_SAMPLES, CancelCheck.NEVER));
            }
            seconds[c] = (System.nanoTime() - t0) / 1e9;
            images[c] = chunks.ids(c).length;
        }
        long t0 = System.nanoTime();
        Selector.merge(strategy, chunks.count(), results, labelled, s.budget(), 1, CancelCheck.NEVER);
        return new Timing(seconds, images, (System.nanoTime() - t0) / 1e9);
    }
}
