package io.alps.ml.al;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.report.DirectorySink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.data.DataSplit;
import io.alps.ml.testdata.TestData;
import io.alps.ml.train.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code freezeBackbone}: only the output layer trains, on embeddings computed once; the layers
 * before it end every round with the numbers they started with, and what a round reports is what
 * the whole network computes.
 */
class FrozenBackboneTest {
    private static final DataSplit DATA = TestData.split(1200, 300, 21);

    @TempDir
    Path tmp;

    private static ExperimentSpec frozen(String strategy) {
        return ExperimentSpec.fromJson("{\"kind\":\"dense\",\"strategy\":\"" + strategy + "\",\"initial\":200,"
                + "\"budget\":200,\"rounds\":2,\"epochs\":3,\"batch\":32,\"seed\":3}").with(Map.of("initFrom",
                PretrainedWeightsTest.resource("lenet5_torch.onnx").toString(), "freezeBackbone", true));
    }

    @Test
    void onlyTheOutputLayerTrainsAndTheRoundReportsTheWholeNetworksAccuracy() throws Exception {
        ExperimentSpec spec = frozen("least-confidence");
        NetworkState theta0 = new RoundSteps(spec, DATA).initialNetwork();

        List<RoundResult> rounds = new ExperimentRunner(spec, DATA, new DirectorySink(tmp), null).run();

        ComputationGraph last = NetworkStateCodec.fromBytes(Files.readAllBytes(tmp.resolve(FinalModel.CHECKPOINT)),
                "final model").network();
        for (Layer layer : theta0.network().getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (layer.numParams() == 0) {
                continue;
            }
            if (name.equals("output")) {
                assertThat(last.getLayer(name).params()).as("the output layer trains").isNotEqualTo(layer.params());
            } else {
                assertThat(PretrainedWeightsTest.values(last.getLayer(name).params())).as(name + " bit for bit")
                        .containsExactly(PretrainedWeightsTest.values(layer.params()));
            }
        }
        RoundResult end = rounds.get(rounds.size() - 1);
        assertThat(end.testAccuracy()).as("the whole network's accuracy on the test set")
                .isEqualTo(Evaluator.evaluate(last, DATA.test()).accuracy());
        assertThat(rounds).extracting(RoundResult::labeled).containsExactly(200, 400, 600);
        assertThat(end.testAccuracy()).as("the head learns from fixed features, well above 10 % chance")
                .isGreaterThan(0.3);
    }

    @Test
    void aBatchStrategyChoosesOnTheKeptEmbeddings() {
        List<RoundResult> rounds = new ExperimentRunner(frozen("coreset"), DATA, new DirectorySink(tmp), null).run();

        assertThat(rounds).extracting(RoundResult::labeled).containsExactly(200, 400, 600);
    }

    @Test
    void kindsThatChangeTheBackboneRefuseIt() {
        ExperimentSpec lth = ExperimentSpec.fromJson("{\"kind\":\"lth\",\"freezeBackbone\":true}");
        assertThatThrownBy(() -> new RoundSteps(lth, DATA))
                .hasMessageContaining("freezeBackbone: trains only the output layer of kind 'dense'; kind 'lth'");
    }
}
