package io.alps.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.api.query.QueryStrategies;
import io.alps.api.util.CancelCheck;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.DataSplit;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.query.PoolChunks;
import io.alps.ml.query.Selector;
import io.alps.ml.testdata.TestData;
import io.alps.ml.train.PoolInference;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxInferenceTest {
    private static final DataSplit DATA = TestData.split(1500, 10, 5);
    private static final int[] POOL = IntStream.range(0, 1500).toArray();

    @BeforeAll
    static void backend() {
        Backend.init();
    }

    private static float[] scored(PoolInference inference) {
        float[] all = new float[POOL.length * 10];
        inference.probabilities(DATA.train(), POOL, CancelCheck.NEVER,
                (ids, p) -> System.arraycopy(p, 0, all, ids[0] * 10, p.length));
        return all;
    }

    @Test
    void onnxRuntimeGivesTheNetworksProbabilitiesAndRepeatsThemExactly() {
        NetworkPlan plan = Architectures.get("conv2").plan(DATA.train().shape(), 10);
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 7);
        float[] dl4j = scored(PoolInference.dl4j(net));
        float[] first;
        float[] second;
        try (OnnxInference onnx = OnnxInference.of(plan, net)) {
            first = scored(onnx);
        }
        try (OnnxInference onnx = OnnxInference.of(plan, net)) {
            second = scored(onnx);
        }
        assertThat(second).containsExactly(first);
        for (int i = 0; i < dl4j.length; i++) {
            assertThat(first[i]).as("probability %d", i).isCloseTo(dl4j[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void aSelectionScoredByOnnxRuntimeRepeatsAndPicksWhatTheNetworkIsLeastSureOf() {
        NetworkPlan plan = Architectures.get("conv2").plan(DATA.train().shape(), 10);
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 7);
        var lc = QueryStrategies.get("least-confidence");
        int[] picked;
        try (OnnxInference onnx = OnnxInference.of(plan, net)) {
            picked = Selector.select(lc, net, onnx, DATA.train(), PoolChunks.of(POOL), new int[0], 50, 1, 0, CancelCheck.NEVER);
            assertThat(Selector.select(lc, net, onnx, DATA.train(), PoolChunks.of(POOL), new int[0], 50, 1, 0, CancelCheck.NEVER))
                    .containsExactly(picked);
        }
        int[] byDl4j = Selector.select(lc, net, DATA.train(), POOL, new int[0], 50, 1);
        // Probabilities within 1e-5 of DL4J's: only samples tied that closely could swap places.
        long shared = IntStream.of(picked).filter(id -> IntStream.of(byDl4j).anyMatch(d -> d == id)).count();
        assertThat(shared).isGreaterThanOrEqualTo(48);
    }

    @Test
    void onlyNetworksLargeEnoughAreScoredByOnnxRuntime() {
        ImageShape cifar = new ImageShape(3, 32, 32);
        NetworkPlan lenet = Architectures.get("lenet5").plan(cifar, 10);
        NetworkPlan resnet = Architectures.get("resnet18").plan(cifar, 10);
        try (PoolInference small = OnnxInference.forSelection(lenet, NetworkBuilder.build(lenet, 1e-3, 1));
             PoolInference large = OnnxInference.forSelection(resnet, NetworkBuilder.build(resnet, 1e-3, 1))) {
            assertThat(small.engine()).isEqualTo("DL4J");
            assertThat(large.engine()).isEqualTo("ONNX Runtime");
        }
    }

    @Test
    void theChoiceFollowsTheStrategy() {
        assertThat(Selector.ranksByProbabilities(QueryStrategies.get("least-confidence"))).isTrue();
        assertThat(Selector.ranksByProbabilities(QueryStrategies.get("entropy"))).isTrue();
        assertThat(Selector.ranksByProbabilities(QueryStrategies.get("bald"))).isFalse();
        assertThat(Selector.ranksByProbabilities(QueryStrategies.get("badge"))).isFalse();
        assertThat(Selector.ranksByProbabilities(QueryStrategies.get("random"))).isFalse();
    }
}
