package io.alps.ml.query;

import io.alps.api.query.BatchQueryStrategy;
import io.alps.api.query.Embeddings;
import io.alps.api.query.MonteCarloStrategy;
import io.alps.api.query.QueryStrategy;
import io.alps.api.util.CancelCheck;

import io.alps.ml.data.Dataset;
import io.alps.ml.train.Evaluator;
import io.alps.ml.train.PoolInference;
import io.alps.ml.util.Progress;
import java.util.Arrays;
import java.util.PriorityQueue;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Picks the {@code budget} highest-scoring unlabeled samples. The pool is scored chunk by chunk
 * and only the current best {@code budget} are kept (a bounded heap), so memory does not grow
 * with the pool. Ties go to the smaller id, so the choice is deterministic.
 */
public final class Selector {
    private Selector() {
    }

    private record Scored(int id, double score) {
    }

    /** {@code labeled}: the labelled ids (batch strategies such as core-set start from them). */
    public static int[] select(QueryStrategy strategy, ComputationGraph net, Dataset pool, int[] unlabeled,
                               int[] labeled, int budget, long stream) {
        return select(strategy, net, pool, unlabeled, labeled, budget, stream, 0);
    }

    /** {@code mcPasses}: the stochastic passes of a {@link MonteCarloStrategy}. */
    public static int[] select(QueryStrategy strategy, ComputationGraph net, Dataset pool, int[] unlabeled,
                               int[] labeled, int budget, long stream, int mcPasses) {
        return select(strategy, net, pool, unlabeled, labeled, budget, stream, mcPasses, CancelCheck.NEVER);
    }

    /**
     * {@code cancel}: asked at every chunk of the pool, every Monte-Carlo pass and every sample a
     * batch strategy chooses, so a cancelled selection stops within one of them.
     */
    public static int[] select(QueryStrategy strategy, ComputationGraph net, Dataset pool, int[] unlabeled,
                               int[] labeled, int budget, long stream, int mcPasses, CancelCheck cancel) {
        return select(strategy, net, PoolInference.dl4j(net), pool, unlabeled, labeled, budget, stream, mcPasses, cancel);
    }

    /**
     * {@code inference}: what computes {@code net}'s probabilities for the strategies that rank by
     * them (Monte-Carlo and batch strategies run {@code net} in DL4J).
     */
    public static int[] select(QueryStrategy strategy, ComputationGraph net, PoolInference inference, Dataset pool,
                               int[] unlabeled, int[] labeled, int budget, long stream, int mcPasses, CancelCheck cancel) {
        if (budget > unlabeled.length) {
            throw new IllegalArgumentException("budget " + budget + " exceeds the " + unlabeled.length
                    + " unlabeled samples left");
        }
        if (strategy instanceof BatchQueryStrategy batch) {
            try (Progress bar = Progress.of("embedding pool (" + strategy.name() + ")", unlabeled.length, "img")) {
                Embeddings candidates = Evaluator.embeddings(net, pool, unlabeled, cancel);
                bar.advance(unlabeled.length);
                return batch.choose(candidates, batch.needsLabelled() ? Evaluator.embeddings(net, pool, labeled, cancel)
                        : null, budget, stream, cancel);
            }
        }
        // Heap head = the worst of the kept ones: lowest score, and among equal scores the larger id.
        PriorityQueue<Scored> best = new PriorityQueue<>(Math.max(1, budget),
                (a, b) -> a.score != b.score ? Double.compare(a.score, b.score) : Integer.compare(b.id, a.id));
        int classes = pool.numClasses();
        try (Progress bar = Progress.of("scoring pool (" + strategy.name() + ")", unlabeled.length, "img")) {
            if (strategy instanceof MonteCarloStrategy mc) {
                Evaluator.stochasticProbabilities(net, pool, unlabeled, mcPasses, stream, cancel, (ids, passes) -> {
                    for (int i = 0; i < ids.length; i++) {
                        offer(best, budget, new Scored(ids[i], mc.score(passes, i * classes, classes)));
                    }
                    bar.advance(ids.length);
                });
            } else if (!strategy.usesModel()) {
                for (int id : unlabeled) {
                    offer(best, budget, new Scored(id, strategy.score(null, 0, classes, id, stream)));
                }
                bar.advance(unlabeled.length);
            } else {
                inference.probabilities(pool, unlabeled, cancel, (ids, p) -> {
                    for (int i = 0; i < ids.length; i++) {
                        offer(best, budget, new Scored(ids[i], strategy.score(p, i * classes, classes, ids[i], stream)));
                    }
                    bar.advance(ids.length);
                });
            }
        }
        int[] chosen = best.stream().mapToInt(Scored::id).toArray();
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * Whether {@code strategy} ranks the pool by the network's class probabilities alone (then a
     * {@link PoolInference} other than DL4J's may compute them) rather than by Monte-Carlo passes,
     * embeddings or no network at all.
     */
    public static boolean ranksByProbabilities(QueryStrategy strategy) {
        return strategy.usesModel() && !(strategy instanceof MonteCarloStrategy) && !(strategy instanceof BatchQueryStrategy);
    }

    private static void offer(PriorityQueue<Scored> heap, int budget, Scored s) {
        if (budget == 0) {
            return;
        }
        if (heap.size() < budget) {
            heap.add(s);
            return;
        }
        Scored worst = heap.peek();
        if (s.score > worst.score || (s.score == worst.score && s.id < worst.id)) {
            heap.poll();
            heap.add(s);
        }
    }
}
