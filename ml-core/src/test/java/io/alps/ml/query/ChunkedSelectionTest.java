package io.alps.ml.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.model.Architectures;
import io.alps.api.query.Embeddings;
import io.alps.api.query.QueryStrategies;
import io.alps.api.query.QueryStrategy;
import io.alps.api.util.CancelCheck;
import io.alps.ml.data.DataSplit;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.testdata.TestData;
import io.alps.ml.train.Evaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/**
 * A pool cut into chunks that are scored apart (other threads, any order, through their stored
 * bytes) and merged gives exactly the selection of one process.
 */
class ChunkedSelectionTest {
    private static final DataSplit DATA = TestData.split(2500, 10, 5);
    private static final int[] LABELED = IntStream.range(0, 300).toArray();
    private static final int[] POOL = IntStream.range(300, 2500).toArray();
    private static final int BUDGET = 60;
    private static final long STREAM = 17;
    private static final int MC_PASSES = 4;
    private static final ComputationGraph NET = net(0);
    private static final ComputationGraph DROPPED = net(0.5);

    private static ComputationGraph net(double dropout) {
        return NetworkBuilder.build(Architectures.get("lenet5").plan(DATA.train().shape(), 10).withDropout(dropout),
                1e-3, 3);
    }

    private static ComputationGraph netFor(QueryStrategy s) {
        return s.name().equals("bald") ? DROPPED : NET;
    }

    /** Every chunk scored on a thread of its own, last chunk first, each result through its stored bytes. */
    private static List<ChunkResult> scoredApart(QueryStrategy strategy, PoolChunks chunks) {
        ComputationGraph net = netFor(strategy);
        Supplier<Embeddings> labelled = () -> Evaluator.embeddings(net, DATA.train(), LABELED);
        List<ChunkResult> results = new ArrayList<>();
        for (int c = chunks.count() - 1; c >= 0; c--) {
            int chunk = c;
            // A fresh thread: its ND4J random generator starts wherever it starts, as on another selector.
            ChunkResult r = CompletableFuture.supplyAsync(() -> Selector.scoreChunk(strategy, net.clone(), DATA.train(),
                    chunks, chunk, labelled, BUDGET, STREAM, MC_PASSES, CancelCheck.NEVER)).join();
            results.add(ChunkResultCodec.read(ChunkResultCodec.write(r)));
        }
        return results;
    }

    private static int[] merged(QueryStrategy strategy, PoolChunks chunks, List<ChunkResult> results) {
        ComputationGraph net = netFor(strategy);
        return Selector.merge(strategy, chunks.count(), results,
                () -> Evaluator.embeddings(net, DATA.train(), LABELED), BUDGET, STREAM, CancelCheck.NEVER);
    }

    @Test
    void scoringStrategiesChooseInChunksExactlyWhatOnePassChooses() {
        // Chunks of 1,024 end where the evaluator's batches end, so the network sees the same batches.
        PoolChunks chunks = PoolChunks.of(POOL, 1024);
        PoolChunks onePass = PoolChunks.of(POOL, POOL.length);
        assertThat(chunks.count()).isEqualTo(3);
        for (String name : List.of("least-confidence", "entropy", "margin", "random", "bald")) {
            QueryStrategy s = QueryStrategies.get(name);
            int[] sequential = Selector.select(s, netFor(s), DATA.train(), chunks, LABELED, BUDGET, STREAM, MC_PASSES,
                    CancelCheck.NEVER);
            assertThat(sequential).as(name).hasSize(BUDGET).doesNotHaveDuplicates().isSorted();
            assertThat(merged(s, chunks, scoredApart(s, chunks))).as(name + ": chunks scored apart and merged")
                    .containsExactly(sequential);
            if (!name.equals("bald")) {
                // Bald's dropout masks are drawn per chunk; the others do not depend on the cut at all.
                assertThat(Selector.select(s, netFor(s), DATA.train(), onePass, LABELED, BUDGET, STREAM, MC_PASSES,
                        CancelCheck.NEVER)).as(name + ": one pass over the whole pool").containsExactly(sequential);
            }
        }
    }

    @Test
    void theMergeKeepsTheBestOfAllScoresWithTiesToTheSmallerIdAcrossChunks() {
        QueryStrategy coarse = new QueryStrategy() {
            public String name() {
                return "coarse";
            }

            public double score(float[] p, int offset, int classes, int id, long stream) {
                return id % 7; // many ties, spread over every chunk
            }

            public boolean usesModel() {
                return false;
            }
        };
        PoolChunks chunks = PoolChunks.of(POOL, 100);
        int[] expected = Arrays.stream(POOL).boxed()
                .sorted((a, b) -> a % 7 != b % 7 ? Integer.compare(b % 7, a % 7) : Integer.compare(a, b))
                .limit(BUDGET).mapToInt(Integer::intValue).sorted().toArray();
        List<ChunkResult> results = scoredApart(coarse, chunks);
        Collections.shuffle(results, new java.util.Random(3));
        assertThat(merged(coarse, chunks, results)).containsExactly(expected);
    }

    @Test
    void baldDrawsTheSameMasksForAChunkWhereverAndWheneverItIsScored() {
        QueryStrategy bald = QueryStrategies.get("bald");
        PoolChunks chunks = PoolChunks.of(POOL, 700); // not on a batch border: the masks still follow the chunk
        List<ChunkResult> first = scoredApart(bald, chunks);
        List<ChunkResult> again = scoredApart(bald, chunks);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).ids()).containsExactly(first.get(i).ids());
            assertThat(again.get(i).scores()).containsExactly(first.get(i).scores());
        }
        // A pool of one chunk draws from the round's stream as a whole-pool pass always did.
        List<double[]> all = new ArrayList<>();
        Evaluator.stochasticProbabilities(DROPPED, DATA.train(), POOL, MC_PASSES, STREAM, (ids, passes) -> {
            for (int i = 0; i < ids.length; i++) {
                all.add(new double[] {ids[i], ((io.alps.api.query.MonteCarloStrategy) bald).score(passes, i * 10, 10)});
            }
        });
        all.sort((a, b) -> a[1] != b[1] ? Double.compare(b[1], a[1]) : Double.compare(a[0], b[0]));
        int[] expected = all.subList(0, BUDGET).stream().mapToInt(a -> (int) a[0]).sorted().toArray();
        assertThat(Selector.select(bald, DROPPED, DATA.train(), POOL, LABELED, BUDGET, STREAM, MC_PASSES))
                .containsExactly(expected);
    }

    @Test
    void batchStrategiesChooseTheBudgetFromTheUnionOfTheChunksCandidates() {
        PoolChunks chunks = PoolChunks.of(POOL, 512);
        for (String name : List.of("badge", "coreset")) {
            QueryStrategy s = QueryStrategies.get(name);
            List<ChunkResult> results = scoredApart(s, chunks);
            int[] candidates = results.stream().flatMapToInt(r -> Arrays.stream(r.ids())).toArray();
            assertThat(candidates).as(name + ": budget candidates per chunk").hasSize(chunks.count() * BUDGET)
                    .doesNotHaveDuplicates();
            for (ChunkResult r : results) {
                assertThat(box(r.ids())).as(name + " chunk " + r.chunk()).isSubsetOf(box(chunks.ids(r.chunk())));
            }
            int[] chosen = merged(s, chunks, results);
            assertThat(chosen).as(name).hasSize(BUDGET).doesNotHaveDuplicates().isSorted();
            assertThat(box(chosen)).as(name + ": from the candidates").isSubsetOf(box(candidates));
            assertThat(Selector.select(s, NET, DATA.train(), chunks, LABELED, BUDGET, STREAM, 0, CancelCheck.NEVER))
                    .as(name + ": one process, chunk after chunk").containsExactly(chosen);
            int[] onePass = Selector.select(s, NET, DATA.train(), POOL, LABELED, BUDGET, STREAM);
            // How far the two-stage choice is from one pass, beside how far one pass is from itself with another seed.
            int[] otherSeed = Selector.select(s, NET, DATA.train(), POOL, LABELED, BUDGET, STREAM + 1);
            System.out.printf("%s: chunked (%d chunks of %d) and one-pass choices share %d of %d ids "
                            + "(one pass with the next seed: %d)%n", name, chunks.count(), chunks.size(),
                    shared(chosen, onePass), BUDGET, shared(otherSeed, onePass));
        }
    }

    @Test
    void aPoolOfOneChunkIsChosenAsBeforeAndChunksMustAllBeThere() {
        for (String name : List.of("badge", "coreset")) {
            QueryStrategy s = QueryStrategies.get(name);
            PoolChunks one = PoolChunks.of(POOL);
            assertThat(one.count()).isEqualTo(1);
            Embeddings pool = Evaluator.embeddings(NET, DATA.train(), POOL);
            int[] direct = ((io.alps.api.query.BatchQueryStrategy) s).choose(pool,
                    Evaluator.embeddings(NET, DATA.train(), LABELED), BUDGET, STREAM);
            assertThat(Selector.select(s, NET, DATA.train(), POOL, LABELED, BUDGET, STREAM)).as(name)
                    .containsExactly(direct);
        }
        PoolChunks chunks = PoolChunks.of(POOL, 1000);
        QueryStrategy random = QueryStrategies.get("random");
        List<ChunkResult> results = scoredApart(random, chunks);
        assertThatThrownBy(() -> merged(random, chunks, results.subList(0, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no result of chunk 0 of 3");
        List<ChunkResult> twice = new ArrayList<>(results);
        twice.add(results.get(0));
        assertThatThrownBy(() -> merged(random, chunks, twice))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two results of chunk 2");
        assertThatThrownBy(() -> ChunkResultCodec.read(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool chunk result is truncated or corrupt (3 bytes)");
    }

    @Test
    void onlyAPoolOfSeveralChunksThatCostsEnoughToScoreIsWorthSharing() {
        int[] pool = java.util.stream.IntStream.range(0, 50_000).toArray();
        long resnet18 = 556_000_000L;
        long lenet5 = 651_720L;
        assertThat(PoolChunks.of(pool).worthSharing(resnet18, PoolChunks.SHARED_FROM_MACS)).isTrue();
        // LeNet-5 scores 50,000 images in about a second: a broker hop per chunk would cost more than it saves.
        assertThat(PoolChunks.of(pool).worthSharing(lenet5, PoolChunks.SHARED_FROM_MACS)).isFalse();
        assertThat(PoolChunks.of(pool).worthSharing(lenet5, 0)).isTrue();
        assertThat(PoolChunks.of(Arrays.copyOf(pool, 8_000)).worthSharing(resnet18, 0)).as("one chunk").isFalse();
    }

    private static long shared(int[] a, int[] sortedB) {
        return Arrays.stream(a).filter(id -> Arrays.binarySearch(sortedB, id) >= 0).count();
    }

    private static List<Integer> box(int[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }
}
