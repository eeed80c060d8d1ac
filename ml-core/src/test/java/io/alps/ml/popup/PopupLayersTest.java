package io.alps.ml.popup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.alps.ml.backend.Backend;
import io.alps.ml.data.DataSplit;
import io.alps.api.model.Architectures;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.testdata.TestData;
import io.alps.api.result.EpochMetrics;
import io.alps.ml.train.TrainSettings;
import io.alps.ml.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.dataset.DataSet;

/** The edge-popup mechanism: frozen weights, exact top-k, straight-through score gradient, persistence. */
class PopupLayersTest {
    private static final INDArray X = PopupTestNets.images(16, 3, DataType.FLOAT);
    private static final INDArray Y = PopupTestNets.labels(X);

    @BeforeAll
    static void backend() {
        Backend.init();
    }

    @Test
    void frozenWeightsStayBitForBitWhileScoresTrain() {
        ComputationGraph net = PopupTestNets.popup(PopupSettings.of(0.5), 1, DataType.FLOAT);
        List<float[]> weights = new ArrayList<>();
        List<float[]> scores = new ArrayList<>();
        for (PopupLayer l : PopupNetworks.layers(net)) {
            weights.add(l.frozenWeights().dup().data().asFloat());
            scores.add(l.scores().dup().data().asFloat());
        }
        for (int i = 0; i < 20; i++) {
            net.fit(new INDArray[] {X}, new INDArray[] {Y});
        }
        List<PopupLayer> layers = PopupNetworks.layers(net);
        assertThat(layers).hasSize(3);
        for (int i = 0; i < layers.size(); i++) {
            assertThat(layers.get(i).frozenWeights().dup().data().asFloat()).as(layers.get(i).layerName())
                    .isEqualTo(weights.get(i));
            assertThat(layers.get(i).scores().dup().data().asFloat()).as(layers.get(i).layerName())
                    .isNotEqualTo(scores.get(i));
        }
    }

    @Test
    void everyLayerKeepsExactlyRoundKTimesNWeightsAndUsesOnlyThose() {
        for (double k : new double[] {0.1, 0.3, 0.5, 0.77, 1.0}) {
            ComputationGraph net = PopupTestNets.popup(PopupSettings.of(k), 2, DataType.FLOAT);
            for (PopupLayer l : PopupNetworks.layers(net)) {
                long n = l.scores().length();
                assertThat(l.mask().kept()).as("%s at k=%s", l.layerName(), k).isEqualTo(Math.round(k * n));
                INDArray eff = l.effectiveWeights();
                assertThat(eff.neq(0).castTo(DataType.INT).sumNumber().longValue()).isEqualTo(Math.round(k * n));
                INDArray expected = l.frozenWeights().mul(l.mask().toArray(DataType.FLOAT));
                assertThat(eff.equals(expected)).isTrue();
            }
        }
        ComputationGraph mixed = PopupTestNets.popup(new PopupSettings(0.5, Map.of("output", 1.0, "conv0", 0.2),
                PopupInit.KAIMING_NORMAL), 2, DataType.FLOAT);
        assertThat(PopupNetworks.layers(mixed)).extracting(l -> l.mask().kept()).containsExactly(5, 68, 15);
    }

    @Test
    void signedConstantWeightsAreOnePositiveOrNegativeValuePerLayer() {
        ComputationGraph net = PopupTestNets.popup(new PopupSettings(0.5, Map.of(), PopupInit.SIGNED_CONSTANT), 4,
                DataType.FLOAT);
        PopupLayer conv = PopupNetworks.layers(net).get(0);
        float expected = (float) Math.sqrt(2.0 / 9);
        for (float w : conv.frozenWeights().dup().data().asFloat()) {
            assertThat(Math.abs(w)).isCloseTo(expected, within(1e-6f));
        }
    }

    /**
     * The score gradient must be the straight-through estimate sign(s) * w * dL/dW_eff. dL/dW_eff is
     * measured numerically on an ordinary network holding W_eff, for kept and dropped weights alike.
     */
    @Test
    void scoreGradientMatchesTheStraightThroughEstimateNumerically() {
        INDArray x = PopupTestNets.images(6, 11, DataType.DOUBLE);
        INDArray y = PopupTestNets.labels(x);
        ComputationGraph net = PopupTestNets.popup(PopupSettings.of(0.5), 5, DataType.DOUBLE);
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        // DL4J's network gradient is summed over the batch (the updater divides it), its score averaged.
        Gradient analytic = net.gradient();
        double batch = x.size(0);

        ComputationGraph twin = PopupTestNets.dense(5, DataType.DOUBLE);
        int[] weighted = {0, 2, 3};
        List<PopupLayer> layers = PopupNetworks.layers(net);
        for (int i = 0; i < weighted.length; i++) {
            twin.getLayer(weighted[i]).setParam("W", layers.get(i).effectiveWeights());
            twin.getLayer(weighted[i]).getParam("b").assign(0);
        }
        DataSet data = new DataSet(x, y);
        assertThat(twin.score(data, true)).isCloseTo(net.score(), within(1e-12));

        double h = 1e-6;
        for (int i = 0; i < weighted.length; i++) {
            PopupLayer layer = layers.get(i);
            INDArray w = twin.getLayer(weighted[i]).getParam("W");
            INDArray scoreGrad = analytic.getGradientFor(layers.get(i).layerName() + "_S");
            INDArray weightGrad = analytic.getGradientFor(layers.get(i).layerName() + "_W");
            assertThat(weightGrad.amaxNumber().doubleValue()).as("frozen weights get no gradient").isZero();
            Mask mask = layer.mask();
            int checkedKept = 0;
            int checkedDropped = 0;
            for (int p = 0; p < mask.size() && (checkedKept < 8 || checkedDropped < 8); p++) {
                long[] at = Shape.ind2subC(mask.shape(), p);
                double orig = w.getDouble(at);
                w.putScalar(at, orig + h);
                double plus = twin.score(data, true);
                w.putScalar(at, orig - h);
                double minus = twin.score(data, true);
                w.putScalar(at, orig);
                double dEff = (plus - minus) / (2 * h);
                double s = layer.scores().getDouble(at);
                double expected = Math.signum(s) * layer.frozenWeights().getDouble(at) * dEff;
                assertThat(scoreGrad.getDouble(at) / batch).as("%s position %d", layer.layerName(), p)
                        .isCloseTo(expected, within(1e-7 + 1e-5 * Math.abs(expected)));
                if (mask.isKept(p)) {
                    checkedKept++;
                } else {
                    checkedDropped++;
                }
            }
            assertThat(checkedKept + checkedDropped).isGreaterThanOrEqualTo(15);
        }
    }

    @Test
    void savedAndRestoredNetworkGivesIdenticalOutputsAndKeepsTraining() {
        ComputationGraph net = PopupTestNets.popup(new PopupSettings(0.3, Map.of("output", 0.8),
                PopupInit.SIGNED_CONSTANT), 6, DataType.FLOAT);
        for (int i = 0; i < 5; i++) {
            net.fit(new INDArray[] {X}, new INDArray[] {Y});
        }
        ComputationGraph restored = Checkpoints.fromBytes(Checkpoints.toBytes(net), "test");

        assertThat(PopupNetworks.layers(restored)).hasSize(3);
        assertThat(PopupNetworks.layers(restored)).extracting(PopupLayer::k).containsExactly(0.3, 0.3, 0.8);
        assertThat(restored.getConfiguration()).isEqualTo(net.getConfiguration());
        assertThat(restored.params().data().asFloat()).isEqualTo(net.params().data().asFloat());
        assertThat(restored.outputSingle(false, X).data().asFloat()).isEqualTo(net.outputSingle(false, X).data().asFloat());
        net.fit(new INDArray[] {X}, new INDArray[] {Y});
        restored.fit(new INDArray[] {X}, new INDArray[] {Y});
        assertThat(restored.params().data().asFloat()).as("updater state restored too")
                .isEqualTo(net.params().data().asFloat());
    }

    /** With k = 1 the mask keeps everything: the network is the dense network of its frozen weights, before and after training. */
    @Test
    void withKOneItIsTheDenseNetworkOfItsFrozenWeights() {
        ComputationGraph popup = PopupTestNets.popup(PopupSettings.of(1.0), 8, DataType.FLOAT);
        ComputationGraph dense = PopupTestNets.dense(8, DataType.FLOAT);
        int[] weighted = {0, 2, 3};
        List<PopupLayer> layers = PopupNetworks.layers(popup);
        for (int i = 0; i < weighted.length; i++) {
            dense.getLayer(weighted[i]).setParam("W", layers.get(i).frozenWeights().dup());
            assertThat(dense.getLayer(weighted[i]).getParam("b").amaxNumber().doubleValue()).isZero();
        }
        float[] before = popup.outputSingle(false, X).data().asFloat();
        assertThat(before).containsExactly(dense.outputSingle(false, X).data().asFloat(), within(1e-6f));

        for (int i = 0; i < 10; i++) {
            popup.fit(new INDArray[] {X}, new INDArray[] {Y});
        }
        assertThat(popup.outputSingle(false, X).data().asFloat()).containsExactly(before, within(1e-6f));
        assertThat(popup.outputSingle(false, X).data().asFloat()).containsExactly(dense.outputSingle(false, X).data().asFloat(), within(1e-6f));
    }

    @Test
    void lenet5LearnsASmallSyntheticProblemThroughTheScoresAlone() {
        DataSplit data = TestData.split(400, 200, 9);
        NetworkPlan plan = Architectures.get("lenet5").plan(data.train().shape(), 10);
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 3, new PopupLayers(PopupSettings.of(0.5)));
        int[] ids = new int[data.train().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        List<EpochMetrics> history = Trainer.fit(net, data.train(), ids, data.test(), new TrainSettings(3, 32, 1e-3, 3),
                0, null);

        assertThat(history.get(2).trainLoss()).isLessThan(history.get(0).trainLoss());
        assertThat(history.get(2).testAccuracy()).as("chance is 0.1").isGreaterThan(0.4);
    }
}
