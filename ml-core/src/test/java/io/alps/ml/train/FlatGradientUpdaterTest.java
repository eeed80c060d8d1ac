package io.alps.ml.train;

import static io.alps.ml.testdata.SameBits.assertSameBits;
import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.Dataset;
import io.alps.ml.model.LayerFactory;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.model.StandardLayers;
import io.alps.ml.popup.PopupLayers;
import io.alps.ml.popup.PopupSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FlatGradientUpdaterTest {
    private static final ImageShape SHAPE = new ImageShape(3, 32, 32);

    @BeforeAll
    static void backend() {
        Backend.init();
    }

    private static ComputationGraph lenet(LayerFactory layers) {
        NetworkPlan plan = Architectures.get("lenet5").plan(SHAPE, 10);
        return NetworkBuilder.build(plan, 1e-3, 5, layers);
    }

    private static void steps(ComputationGraph net, int from, int to) {
        for (int step = from; step < to; step++) {
            INDArray x = Nd4j.randn(100 + step, new long[] {16, 3, 32, 32});
            INDArray y = Nd4j.zeros(16, 10);
            for (int i = 0; i < 16; i++) {
                y.putScalar(i, (i * 7 + step) % 10, 1);
            }
            net.fit(new INDArray[] {x}, new INDArray[] {y});
        }
    }

    private static void assertSameTraining(ComputationGraph actual, ComputationGraph expected, String what) {
        assertSameBits(actual.params(), expected.params(), what + ": parameters");
        assertSameBits(actual.getUpdater().getStateViewArray(), expected.getUpdater().getStateViewArray(),
                what + ": optimizer state");
    }

    @Test
    void trainsToTheBitsOfDl4jsOwnUpdaterAndKeepsTheStateItFinds() {
        for (LayerFactory layers : List.of(new StandardLayers(), new PopupLayers(PopupSettings.of(0.3)))) {
            String what = layers.getClass().getSimpleName();
            ComputationGraph dl4j = lenet(layers);
            steps(dl4j, 0, 4);
            ComputationGraph ours = lenet(layers);
            FlatGradientUpdater.use(ours);
            steps(ours, 0, 4);
            assertSameTraining(ours, dl4j, what + " from the start");
            // A network that trained with DL4J's updater (a restored checkpoint) goes on where it was.
            ComputationGraph switched = lenet(layers);
            steps(switched, 0, 2);
            FlatGradientUpdater.use(switched);
            steps(switched, 2, 4);
            assertSameTraining(switched, dl4j, what + " switched after two steps");
        }
    }

    @Test
    void aTrainingStepsGradientIsTheNetworksOwnArray() {
        ComputationGraph net = lenet(new StandardLayers());
        net.setInputs(Nd4j.randn(9, new long[] {4, 3, 32, 32}));
        net.setLabels(Nd4j.eye(10).getRows(0, 1, 2, 3));
        net.computeGradientAndScore();
        assertThat(FlatGradientUpdater.isNetworksOwn(net.gradient(), net.getUpdater().getFlattenedGradientsView()))
                .as("the updater takes the path for the network's own gradient").isTrue();
        assertThat(FlatGradientUpdater.isNetworksOwn(net.gradient(), net.getFlattenedGradients().dup())).isFalse();
    }

    @Test
    void theTrainerUpdatesThroughIt() {
        int n = 40;
        INDArray features = Nd4j.rand(3, new long[] {n, SHAPE.pixels()});
        int[] labels = IntStream.range(0, n).map(i -> i % 10).toArray();
        List<String> names = new ArrayList<>();
        IntStream.range(0, 10).forEach(c -> names.add("class" + c));
        Dataset data = new Dataset("tiny", features, labels, SHAPE, names);
        ComputationGraph net = lenet(new StandardLayers());
        Trainer.fit(net, data, IntStream.range(0, n).toArray(), null, new TrainSettings(1, 16, 1e-3, 1), 0, null);
        assertThat(net.getUpdater()).isInstanceOf(FlatGradientUpdater.class);
    }
}
