package io.alps.ml.bench;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.api.query.MonteCarloStrategy;
import io.alps.api.query.QueryStrategies;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.Dataset;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.query.Selector;
import io.alps.ml.train.PoolInference;
import io.alps.api.util.CancelCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * How long one round's selection takes: the first {@code labeled} of {@code pool + labeled}
 * synthetic images count as labelled, and each strategy picks {@code budget} of the rest with an
 * untrained network (the time does not depend on the weights). A Monte-Carlo strategy gets the
 * network with dropout 0.5 and the default number of passes.
 *
 * <p>Each strategy is timed {@code repeats} times after a first, cold selection: in an experiment
 * the network has just scored the test set, so its inference path (oneDNN's generated kernels,
 * the workspace) is warm when the selection starts; the cold time is reported beside it.
 */
public final class SelectionBenchmark {
    private SelectionBenchmark() {
    }

    public record Settings(String architecture, ImageShape shape, int classes, int pool, int labeled, int budget,
                           List<String> strategies, int repeats) {
    }

    /** {@code seconds}: the best warm selection; {@code coldSeconds}: the first one. */
    /** {@code engine}: what computed the probabilities (see {@link Selector#inferenceFor}). */
    public record Timing(String strategy, double seconds, double coldSeconds, String engine) {
    }

    public static List<Timing> run(Settings s) {
        Backend.init();
        for (String name : s.strategies()) {
            QueryStrategies.get(name); // an unknown name fails before any work
        }
        NetworkPlan plan = Architectures.get(s.architecture()).plan(s.shape(), s.classes());
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 1);
        ComputationGraph dropped = NetworkBuilder.build(plan.withDropout(0.5), 1e-3, 1);
        Dataset data = Benchmark.syntheticData(s.shape(), s.classes(), s.pool() + s.labeled());
        int[] labeled = IntStream.range(0, s.labeled()).toArray();
        int[] unlabeled = IntStream.range(s.labeled(), s.labeled() + s.pool()).toArray();
        List<Timing> out = new ArrayList<>();
        for (String name : s.strategies()) {
            var strategy = QueryStrategies.get(name);
            ComputationGraph scorer = strategy instanceof MonteCarloStrategy ? dropped : net;
            double cold = 0;
            double best = Double.MAX_VALUE;
            String engine = "DL4J";
            for (int r = 0; r <= s.repeats(); r++) {
                // Timed as a round's selection runs (RoundSteps.select): choosing the engine and
                // loading the network into it are part of the time.
                long t0 = System.nanoTime();
                try (PoolInference inference = Selector.inferenceFor(strategy, plan, scorer)) {
                    Selector.select(strategy, scorer, inference, data, io.alps.ml.query.PoolChunks.of(unlabeled), labeled, s.budget(), 1,
                            ExperimentSpec.DEFAULT_MC_SAMPLES, CancelCheck.NEVER);
                    engine = inference.engine();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (r == 0) {
                    cold = seconds;
                } else {
                    best = Math.min(best, seconds);
                }
            }
            out.add(new Timing(name, s.repeats() == 0 ? cold : best, cold, engine));
        }
        return out;
    }
}
