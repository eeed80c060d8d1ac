package io.alps.ml.query;

import io.alps.api.query.QueryStrategies;
import io.alps.api.query.QueryStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.ml.data.DataSplit;
import io.alps.api.model.Architectures;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.testdata.TestData;
import io.alps.ml.train.Evaluator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class SelectorTest {
    private static final DataSplit DATA = TestData.split(2500, 10, 5);

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    @Test
    void chunkedSelectionEqualsAFullSortOfThePool() {
        ComputationGraph net = NetworkBuilder.build(
                Architectures.get("lenet5").plan(DATA.train().shape(), 10), 1e-3, 3);
        int[] pool = range(0, 2500); // more than two chunks
        QueryStrategy lc = QueryStrategies.get("least-confidence");

        int[] chosen = Selector.select(lc, net, DATA.train(), pool, new int[0], 100, 0);

        record Scored(int id, double score) {
        }
        List<Scored> all = new ArrayList<>();
        Evaluator.probabilities(net, DATA.train(), pool, (ids, p) -> {
            for (int i = 0; i < ids.length; i++) {
                all.add(new Scored(ids[i], lc.score(p, i * 10, 10, ids[i], 0)));
            }
        });
        all.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::id));
        int[] expected = all.subList(0, 100).stream().mapToInt(Scored::id).sorted().toArray();
        assertThat(chosen).containsExactly(expected);
    }

    @Test
    void batchStrategiesSeeThePenultimateLayerAndChooseDeterministicallyFromThePool() {
        ComputationGraph net = NetworkBuilder.build(
                Architectures.get("lenet5").plan(DATA.train().shape(), 10), 1e-3, 3);
        int[] labeled = range(0, 300);
        int[] pool = range(300, 2500);
        var emb = Evaluator.embeddings(net, DATA.train(), range(0, 600));
        assertThat(emb.dim()).as("LeNet-5's dense 84 before the output").isEqualTo(84);
        float[] p = new float[600 * 10];
        Evaluator.probabilities(net, DATA.train(), range(0, 600), (ids, chunk) -> System.arraycopy(chunk, 0, p,
                ids[0] * 10, chunk.length));
        // Other chunk sizes block the arithmetic differently: equal up to rounding.
        assertThat(emb.probabilities()).containsExactly(p, org.assertj.core.data.Offset.offset(1e-5f));
        for (String name : List.of("coreset", "badge")) {
            int[] chosen = Selector.select(QueryStrategies.get(name), net, DATA.train(), pool, labeled, 50, 4);
            assertThat(chosen).as(name).hasSize(50).doesNotHaveDuplicates().isSorted();
            assertThat(java.util.Arrays.stream(chosen).allMatch(id -> id >= 300 && id < 2500)).as(name + " from the pool")
                    .isTrue();
            assertThat(Selector.select(QueryStrategies.get(name), net, DATA.train(), pool, labeled, 50, 4))
                    .as(name + " again").containsExactly(chosen);
        }
    }

    @Test
    void monteCarloPassesDifferOnlyWithDropoutAndRepeatForASeed() {
        var plan = Architectures.get("lenet5").plan(DATA.train().shape(), 10);
        int[] ids = range(0, 64);
        for (var net : List.of(NetworkBuilder.build(plan, 1e-3, 3),
                NetworkBuilder.build(plan, 1e-3, 3, new io.alps.ml.popup.PopupLayers(
                        io.alps.ml.popup.PopupSettings.of(0.5))))) {
            float[][] p = passes(net, ids, 7);
            assertThat(p[1]).as("no dropout: every pass the same").containsExactly(p[0]);
        }
        for (var net : List.of(NetworkBuilder.build(plan.withDropout(0.5), 1e-3, 3),
                NetworkBuilder.build(plan.withDropout(0.5), 1e-3, 3, new io.alps.ml.popup.PopupLayers(
                        io.alps.ml.popup.PopupSettings.of(0.5))))) {
            float[][] p = passes(net, ids, 7);
            assertThat(p[1]).as("dropout 0.5: the passes differ").isNotEqualTo(p[0]);
            assertThat(passes(net, ids, 7)[1]).as("the same seed, the same passes").containsExactly(p[1]);
            // Inference without dropout is untouched by it.
            float[] a = net.outputSingle(false, DATA.train().features(ids)).data().asFloat();
            assertThat(net.outputSingle(false, DATA.train().features(ids)).data().asFloat()).containsExactly(a);
        }
        var bald = QueryStrategies.get("bald");
        var dropped = NetworkBuilder.build(plan.withDropout(0.5), 1e-3, 3);
        int[] chosen = Selector.select(bald, dropped, DATA.train(), range(0, 2500), new int[0], 30, 5, 8);
        assertThat(chosen).hasSize(30).doesNotHaveDuplicates();
        assertThat(Selector.select(bald, dropped, DATA.train(), range(0, 2500), new int[0], 30, 5, 8)).containsExactly(chosen);
    }

    private static float[][] passes(ComputationGraph net, int[] ids, long seed) {
        float[][][] out = new float[1][][];
        Evaluator.stochasticProbabilities(net, DATA.train(), ids, 3, seed, (chunk, p) -> out[0] = p);
        return out[0];
    }

    @Test
    void tiesGoToTheSmallerId() {
        QueryStrategy constant = new QueryStrategy() {
            public String name() {
                return "constant";
            }

            public double score(float[] p, int offset, int classes, int id, long stream) {
                return 1.0;
            }

            public boolean usesModel() {
                return false;
            }
        };
        int[] pool = {40, 7, 99, 3, 12};
        assertThat(Selector.select(constant, null, DATA.train(), pool, new int[0], 3, 0)).containsExactly(3, 7, 12);
    }

    @Test
    void randomSelectionIsSeededAndIndependentOfPoolOrder() {
        QueryStrategy random = QueryStrategies.get("random");
        int[] pool = range(0, 2000);
        int[] reversed = new int[pool.length];
        for (int i = 0; i < pool.length; i++) {
            reversed[i] = pool[pool.length - 1 - i];
        }
        int[] a = Selector.select(random, null, DATA.train(), pool, new int[0], 50, 11);
        assertThat(Selector.select(random, null, DATA.train(), reversed, new int[0], 50, 11)).containsExactly(a);
        assertThat(Selector.select(random, null, DATA.train(), pool, new int[0], 50, 12)).isNotEqualTo(a);
    }

    @Test
    void budgetLargerThanPoolIsRefused() {
        assertThatThrownBy(() -> Selector.select(QueryStrategies.get("random"), null, DATA.train(), range(0, 10), new int[0], 11, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget 11 exceeds the 10 unlabeled samples left");
    }
}
