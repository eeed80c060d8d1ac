package io.alps.ml.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.Architectures;
import io.alps.api.query.QueryStrategies;
import io.alps.api.util.CancelCheck;
import io.alps.ml.data.DataSplit;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.testdata.TestData;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** A cancel reaches a selection within one chunk, one Monte-Carlo pass or one chosen sample. */
class SelectionCancelTest {
    private static final DataSplit DATA = TestData.split(2500, 10, 5);
    private static final int[] POOL = IntStream.range(300, 2500).toArray();
    private static final int[] LABELED = IntStream.range(0, 300).toArray();

    /** What the caller's check throws: the selection must let it through untouched. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** A check that counts how often it is asked and throws from the ask after {@code allowed} on. */
    private static final class CountingCheck implements CancelCheck {
        final AtomicInteger asked = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();
        private final int allowed;

        CountingCheck(int allowed) {
            this.allowed = allowed;
        }

        @Override
        public void throwIfCancelled() {
            if (asked.incrementAndGet() > allowed || cancelled.get()) {
                throw new Stopped();
            }
        }
    }

    private static ComputationGraph net(double dropout) {
        return NetworkBuilder.build(Architectures.get("lenet5").plan(DATA.train().shape(), 10).withDropout(dropout),
                1e-3, 3);
    }

    @Test
    void baldWithHugeMonteCarloPassesStopsWithinAPassOfTheCancel() throws Exception {
        ComputationGraph net = net(0.5);
        CountingCheck check = new CountingCheck(Integer.MAX_VALUE);
        // 200,000 passes per chunk of 256: hours of work without the check.
        CompletableFuture<int[]> selection = CompletableFuture.supplyAsync(() -> Selector.select(
                QueryStrategies.get("bald"), net, DATA.train(), POOL, LABELED, 30, 5, 200_000, check));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (check.asked.get() < 20) {
            assertThat(selection).as("the passes must still run").isNotDone();
            assertThat(System.nanoTime()).as("the passes never started").isLessThan(deadline);
            Thread.onSpinWait();
        }
        long cancelledAt = System.nanoTime();
        check.cancelled.set(true);
        Throwable thrown = null;
        try {
            selection.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            thrown = e.getCause();
        }
        double seconds = (System.nanoTime() - cancelledAt) / 1e9;
        assertThat(thrown).as("the caller's own exception comes out").isInstanceOf(Stopped.class);
        assertThat(seconds).as("seconds from the cancel to the end of the selection").isLessThan(2.0);
    }

    @Test
    void scoringAsksBeforeEveryChunkOfThePool() {
        // 2,200 pool samples are 3 chunks of 1,024: stopped at the second ask, only one chunk was scored.
        CountingCheck check = new CountingCheck(1);
        assertThat(thrownBy(() -> Selector.select(QueryStrategies.get("least-confidence"), net(0), DATA.train(), POOL,
                LABELED, 30, 5, 0, check))).isInstanceOf(Stopped.class);
        assertThat(check.asked.get()).isEqualTo(2);
    }

    @Test
    void batchStrategiesAskAtEveryEmbeddingChunkAndEveryChosenSample() {
        ComputationGraph net = net(0);
        int poolChunks = (POOL.length + 255) / 256;
        int labeledChunks = (LABELED.length + 255) / 256;
        // BADGE: the pool's embedding chunks, then one ask per chosen sample; stopped at its 11th.
        CountingCheck badge = new CountingCheck(poolChunks + 10);
        assertThat(thrownBy(() -> Selector.select(QueryStrategies.get("badge"), net, DATA.train(), POOL, LABELED, 50, 5,
                0, badge))).isInstanceOf(Stopped.class);
        assertThat(badge.asked.get()).isEqualTo(poolChunks + 11);
        // Core-set: both embeddings, one ask per labelled sample it measures from, then per chosen sample.
        int before = poolChunks + labeledChunks + LABELED.length;
        CountingCheck coreset = new CountingCheck(before + 10);
        assertThat(thrownBy(() -> Selector.select(QueryStrategies.get("coreset"), net, DATA.train(), POOL, LABELED, 50,
                5, 0, coreset))).isInstanceOf(Stopped.class);
        assertThat(coreset.asked.get()).isEqualTo(before + 11);
        // Not cancelled: the same choice as without a check.
        assertThat(Selector.select(QueryStrategies.get("badge"), net, DATA.train(), POOL, LABELED, 50, 5, 0,
                new CountingCheck(Integer.MAX_VALUE)))
                .containsExactly(Selector.select(QueryStrategies.get("badge"), net, DATA.train(), POOL, LABELED, 50, 5));
    }

    private static Throwable thrownBy(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            return e instanceof CompletionException c ? c.getCause() : e;
        }
        return null;
    }
}
