package io.alps.ml.query;

import io.alps.api.query.BatchQueryStrategy;
import io.alps.api.query.Embeddings;
import io.alps.api.query.MonteCarloStrategy;
import io.alps.api.query.QueryStrategy;
import io.alps.api.util.CancelCheck;
import io.alps.api.util.Seeds;

import io.alps.ml.data.Dataset;
import io.alps.ml.train.Evaluator;
import io.alps.ml.train.PoolInference;
import io.alps.ml.onnx.OnnxInference;
import io.alps.ml.util.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Picks the {@code budget} highest-scoring unlabeled samples. The pool is cut into
 * {@link PoolChunks}; each chunk is scored on its own ({@link #scoreChunk}) keeping only its best
 * {@code budget} (a bounded heap, so memory does not grow with the pool), and the chunks' results
 * are merged ({@link #merge}). Ties go to the smaller id, so the choice is deterministic and the
 * same whether one process scores every chunk or several selectors share them.
 *
 * <p>A batch strategy (BADGE, core-set) chooses {@code budget} candidates in each chunk and then
 * the batch from all candidates; with the pool in one chunk that is exactly its choice over the
 * whole pool.
 */
public final class Selector {
    private Selector() {
    }

    private record Scored(int id, double score) {
    }

    /** Heap head = the worst of the kept ones: lowest score, and among equal scores the larger id. */
    private static final Comparator<Scored> WORST_FIRST =
            (a, b) -> a.score != b.score ? Double.compare(a.score, b.score) : Integer.compare(b.id, a.id);

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
        return select(strategy, net, pool, PoolChunks.of(unlabeled), labeled, budget, stream, mcPasses, cancel);
    }

    /** As {@link #select(QueryStrategy, ComputationGraph, Dataset, int[], int[], int, long, int, CancelCheck)}, chunk after chunk of {@code chunks}. */
    public static int[] select(QueryStrategy strategy, ComputationGraph net, Dataset pool, PoolChunks chunks,
                               int[] labeled, int budget, long stream, int mcPasses, CancelCheck cancel) {
        return select(strategy, net, PoolInference.dl4j(net), pool, chunks, labeled, budget, stream, mcPasses, cancel);
    }

    /**
     * {@code inference}: what computes {@code net}'s probabilities for the strategies that
     * {@link #ranksByProbabilities rank by them} (Monte-Carlo and batch strategies run {@code net} in DL4J).
     */
    public static int[] select(QueryStrategy strategy, ComputationGraph net, PoolInference inference, Dataset pool,
                               PoolChunks chunks, int[] labeled, int budget, long stream, int mcPasses,
                               CancelCheck cancel) {
        checkBudget(budget, chunks);
        // Core-set's labelled embeddings are the same for every chunk: computed once here.
        Supplier<Embeddings> labelled = once(() -> Evaluator.embeddings(net, pool, labeled, cancel));
        List<ChunkResult> results = new ArrayList<>();
        for (int c = 0; c < chunks.count(); c++) {
            results.add(scoreChunk(strategy, net, inference, pool, chunks, c, labelled, budget, stream, mcPasses, cancel));
        }
        return merge(strategy, chunks.count(), results, labelled, budget, stream, cancel);
    }

    /**
     * Chunk {@code chunk} of the pool scored on its own: its best {@code min(budget, chunk size)}
     * ids with their scores, or a batch strategy's candidates. The result depends only on the
     * chunk's ids, the network and the round's {@code stream}, not on which process scores it or
     * in what order: the Monte-Carlo dropout masks are seeded per chunk.
     *
     * @param labelled the labelled samples' embeddings, asked for only by a batch strategy that
     *     {@link BatchQueryStrategy#needsLabelled() needs them}
     */
    public static ChunkResult scoreChunk(QueryStrategy strategy, ComputationGraph net, Dataset pool, PoolChunks chunks,
                                         int chunk, Supplier<Embeddings> labelled, int budget, long stream,
                                         int mcPasses, CancelCheck cancel) {
        return scoreChunk(strategy, net, PoolInference.dl4j(net), pool, chunks, chunk, labelled, budget, stream,
                mcPasses, cancel);
    }

    /** As above, {@code inference} computing the probabilities (see {@link #ranksByProbabilities}). */
    public static ChunkResult scoreChunk(QueryStrategy strategy, ComputationGraph net, PoolInference inference,
                                         Dataset pool, PoolChunks chunks, int chunk, Supplier<Embeddings> labelled,
                                         int budget, long stream, int mcPasses, CancelCheck cancel) {
        checkBudget(budget, chunks);
        cancel.throwIfCancelled();
        int[] ids = chunks.ids(chunk);
        int keep = Math.min(budget, ids.length);
        long seed = chunkSeed(stream, chunk);
        String label = chunks.count() == 1 ? "" : " chunk " + (chunk + 1) + "/" + chunks.count();
        if (strategy instanceof BatchQueryStrategy batch) {
            try (Progress bar = Progress.of("embedding pool (" + strategy.name() + ")" + label, ids.length, "img")) {
                Embeddings all = Evaluator.embeddings(net, pool, ids, cancel);
                bar.advance(ids.length);
                if (keep == ids.length) {
                    return ChunkResult.candidates(chunk, all);
                }
                int[] chosen = batch.choose(all, batch.needsLabelled() ? labelled.get() : null, keep, seed, cancel);
                return ChunkResult.candidates(chunk, subset(all, chosen));
            }
        }
        PriorityQueue<Scored> best = new PriorityQueue<>(Math.max(1, keep), WORST_FIRST);
        int classes = pool.numClasses();
        try (Progress bar = Progress.of("scoring pool (" + strategy.name() + ")" + label, ids.length, "img")) {
            if (strategy instanceof MonteCarloStrategy mc) {
                Evaluator.stochasticProbabilities(net, pool, ids, mcPasses, seed, cancel, (batchIds, passes) -> {
                    for (int i = 0; i < batchIds.length; i++) {
                        offer(best, keep, new Scored(batchIds[i], mc.score(passes, i * classes, classes)));
                    }
                    bar.advance(batchIds.length);
                });
            } else if (!strategy.usesModel()) {
                for (int id : ids) {
                    offer(best, keep, new Scored(id, strategy.score(null, 0, classes, id, stream)));
                }
                bar.advance(ids.length);
            } else {
                inference.probabilities(pool, ids, cancel, (batchIds, p) -> {
                    for (int i = 0; i < batchIds.length; i++) {
                        offer(best, keep, new Scored(batchIds[i],
                                strategy.score(p, i * classes, classes, batchIds[i], stream)));
                    }
                    bar.advance(batchIds.length);
                });
            }
        }
        Scored[] kept = best.toArray(new Scored[0]);
        Arrays.sort(kept, Comparator.comparingInt(Scored::id));
        return ChunkResult.scored(chunk, Arrays.stream(kept).mapToInt(Scored::id).toArray(),
                Arrays.stream(kept).mapToDouble(Scored::score).toArray());
    }

    /**
     * The selection from every chunk's result, sorted: the best {@code budget} of all kept scores
     * with the same tie rule as one pass, or a batch strategy's choice among all candidates.
     * {@code results} may come in any order but must hold each of the {@code chunks} chunks once.
     */
    public static int[] merge(QueryStrategy strategy, int chunks, List<ChunkResult> results,
                              Supplier<Embeddings> labelled, int budget, long stream, CancelCheck cancel) {
        List<ChunkResult> ordered = inChunkOrder(chunks, results);
        boolean batch = strategy instanceof BatchQueryStrategy;
        for (ChunkResult r : ordered) {
            if (r.hasCandidates() != batch) {
                throw new IllegalArgumentException("chunk " + r.chunk() + " holds " + (r.hasCandidates()
                        ? "candidates" : "scores") + ", not what " + strategy.name() + " merges");
            }
        }
        if (batch) {
            Embeddings union = union(ordered);
            if (union.size() < budget) {
                throw new IllegalArgumentException("budget " + budget + " exceeds the " + union.size()
                        + " candidates of the pool's chunks");
            }
            if (union.size() == budget) {
                int[] all = union.ids().clone();
                Arrays.sort(all);
                return all;
            }
            BatchQueryStrategy b = (BatchQueryStrategy) strategy;
            return b.choose(union, b.needsLabelled() ? labelled.get() : null, budget,
                    Seeds.derive(stream, "pool-merge"), cancel);
        }
        PriorityQueue<Scored> best = new PriorityQueue<>(Math.max(1, budget), WORST_FIRST);
        int offered = 0;
        for (ChunkResult r : ordered) {
            cancel.throwIfCancelled();
            for (int i = 0; i < r.ids().length; i++) {
                offer(best, budget, new Scored(r.ids()[i], r.scores()[i]));
            }
            offered += r.ids().length;
        }
        if (offered < budget) {
            throw new IllegalArgumentException("budget " + budget + " exceeds the " + offered
                    + " samples the pool's chunks kept");
        }
        int[] chosen = best.stream().mapToInt(Scored::id).toArray();
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * The random stream of chunk {@code chunk}: the round's own for the first (so a pool of one
     * chunk draws exactly as before chunks existed), one derived from it and the index for the others.
     */
    static long chunkSeed(long stream, int chunk) {
        return chunk == 0 ? stream : Seeds.derive(stream, "pool-chunk", chunk);
    }

    private static void checkBudget(int budget, PoolChunks chunks) {
        if (budget > chunks.images()) {
            throw new IllegalArgumentException("budget " + budget + " exceeds the " + chunks.images()
                    + " unlabeled samples left");
        }
    }

    private static List<ChunkResult> inChunkOrder(int chunks, List<ChunkResult> results) {
        ChunkResult[] byChunk = new ChunkResult[chunks];
        for (ChunkResult r : results) {
            if (r.chunk() < 0 || r.chunk() >= chunks) {
                throw new IllegalArgumentException("result of chunk " + r.chunk() + " for a pool of " + chunks
                        + " chunks");
            }
            if (byChunk[r.chunk()] != null) {
                throw new IllegalArgumentException("two results of chunk " + r.chunk());
            }
            byChunk[r.chunk()] = r;
        }
        for (int c = 0; c < chunks; c++) {
            if (byChunk[c] == null) {
                throw new IllegalArgumentException("no result of chunk " + c + " of " + chunks);
            }
        }
        return List.of(byChunk);
    }

    /** The embeddings of {@code ids} (a subset of {@code all}'s), in the order of {@code ids}. */
    private static Embeddings subset(Embeddings all, int[] ids) {
        int dim = all.dim();
        int classes = all.classes();
        java.util.Map<Integer, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < all.ids().length; i++) {
            position.put(all.ids()[i], i);
        }
        float[] features = new float[ids.length * dim];
        float[] probabilities = new float[ids.length * classes];
        for (int k = 0; k < ids.length; k++) {
            int i = position.get(ids[k]);
            System.arraycopy(all.features(), i * dim, features, k * dim, dim);
            System.arraycopy(all.probabilities(), i * classes, probabilities, k * classes, classes);
        }
        return new Embeddings(ids.clone(), features, dim, probabilities, classes);
    }

    private static Embeddings union(List<ChunkResult> ordered) {
        int n = ordered.stream().mapToInt(r -> r.ids().length).sum();
        Embeddings first = ordered.get(0).candidates();
        int dim = first.dim();
        int classes = first.classes();
        int[] ids = new int[n];
        float[] features = new float[Math.multiplyExact(n, dim)];
        float[] probabilities = new float[Math.multiplyExact(n, classes)];
        int at = 0;
        for (ChunkResult r : ordered) {
            Embeddings e = r.candidates();
            if (e.size() > 0 && (e.dim() != dim || e.classes() != classes)) {
                throw new IllegalArgumentException("chunk " + r.chunk() + "'s embeddings have " + e.dim() + "+"
                        + e.classes() + " values, chunk 0's " + dim + "+" + classes);
            }
            System.arraycopy(e.ids(), 0, ids, at, e.size());
            System.arraycopy(e.features(), 0, features, at * dim, e.features().length);
            System.arraycopy(e.probabilities(), 0, probabilities, at * classes, e.probabilities().length);
            at += e.size();
        }
        return new Embeddings(ids, features, dim, probabilities, classes);
    }

    private static <T> Supplier<T> once(Supplier<T> compute) {
        Object[] held = new Object[1];
        return () -> {
            if (held[0] == null) {
                held[0] = compute.get();
            }
            @SuppressWarnings("unchecked")
            T t = (T) held[0];
            return t;
        };
    }

    /**
     * Whether {@code strategy} ranks the pool by the network's class probabilities alone (then a
     * {@link PoolInference} other than DL4J's may compute them) rather than by Monte-Carlo passes,
     * embeddings or no network at all.
     */
    public static boolean ranksByProbabilities(QueryStrategy strategy) {
        return strategy.usesModel() && !(strategy instanceof MonteCarloStrategy) && !(strategy instanceof BatchQueryStrategy);
    }

    /**
     * What computes {@code net}'s probabilities when {@code strategy} scores a pool: ONNX Runtime for
     * a large network where the strategy ranks by probabilities ({@link OnnxInference#forSelection}),
     * DL4J otherwise. A round, the selectors' chunks and the benchmarks all choose here.
     */
    public static PoolInference inferenceFor(QueryStrategy strategy, io.alps.api.model.NetworkPlan plan,
                                             ComputationGraph net) {
        return ranksByProbabilities(strategy) ? OnnxInference.forSelection(plan, net) : PoolInference.dl4j(net);
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
