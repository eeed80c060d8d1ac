package io.alps.ml.model;

import static io.alps.ml.testdata.SameBits.assertSameBits;
import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.LayerNames;
import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.backend.Backend;
import io.alps.ml.popup.PopupLayers;
import io.alps.ml.popup.PopupSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ChannelsLastTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void backend() {
        Backend.init();
    }

    private static NetworkPlan plan(String architecture) {
        return Architectures.get(architecture).plan(new ImageShape(3, 32, 32), 10);
    }

    /**
     * Inference hands channels-last views between the layers; a training-mode forward pass goes
     * DL4J's way in NCHW. Without dropout or batch norm both must give the same numbers to the bit,
     * and so must every layer's activations read as NCHW.
     */
    private static void assertInferenceIsDl4jsForward(ComputationGraph net, String what) {
        INDArray x = Nd4j.randn(7, new long[] {37, 3, 32, 32});
        Map<String, INDArray> inference = net.feedForward(x, false);
        Map<String, INDArray> reference = net.feedForward(x, true);
        assertThat(inference.keySet()).isEqualTo(reference.keySet());
        for (String layer : reference.keySet()) {
            assertThat(inference.get(layer).shape()).as(what + " " + layer).isEqualTo(reference.get(layer).shape());
            assertSameBits(inference.get(layer), reference.get(layer), what + ": " + layer + " in inference");
        }
        assertSameBits(net.outputSingle(false, x), reference.get(LayerNames.OUTPUT), what + ": output");
    }

    @Test
    void inferenceGivesTheNumbersOfDl4jsForwardPass() {
        for (String architecture : new String[] {"lenet5", "conv2", "conv4"}) {
            assertInferenceIsDl4jsForward(NetworkBuilder.build(plan(architecture), 1e-3, 1), architecture);
        }
        ComputationGraph lenet = NetworkBuilder.build(plan("lenet5"), 1e-3, 1);
        Map<String, INDArray> acts = lenet.feedForward(Nd4j.randn(5, new long[] {4, 3, 32, 32}), false);
        assertThat(ChannelsLast.isView(acts.get("conv0"))).as("conv0 hands on channels-last memory").isTrue();
        assertThat(ChannelsLast.isView(acts.get("pool3"))).as("so does the last pool").isTrue();
        // A convolution without bias that reads a view and hands NCHW on to a reader of DL4J's own.
        NetworkPlan mixed = new NetworkPlan("mixed", new ImageShape(3, 32, 32), List.of(new LayerSpec.Conv(6, 5),
                new LayerSpec.MaxPool(2), new LayerSpec.Conv(8, 3, 1, true), new LayerSpec.GlobalAvgPool()), 10);
        ComputationGraph net = NetworkBuilder.build(mixed, 1e-3, 4);
        assertThat(((Conv) net.getLayer("conv2").conf().getLayer()).isChannelsLast()).isFalse();
        assertInferenceIsDl4jsForward(net, "conv, pool, conv without bias, global pool");
        // A pruned LeNet-5's narrow layers (3 and 5 filters), and edge-popup's masked weights.
        NetworkPlan narrow = plan("lenet5").withWidth(0, 3).withWidth(2, 5);
        assertInferenceIsDl4jsForward(NetworkBuilder.build(narrow, 1e-3, 2), "pruned lenet5");
        ComputationGraph popup = new ComputationGraph(NetworkBuilder.configuration(plan("lenet5"), 1e-3, 3,
                new PopupLayers(PopupSettings.of(0.3))));
        popup.init();
        assertInferenceIsDl4jsForward(popup, "edge-popup lenet5");
    }

    @Test
    void thePlainInferenceLayersAreMarkedAndACheckpointKeepsTheMarks() {
        ComputationGraph lenet = NetworkBuilder.build(plan("lenet5"), 1e-3, 1);
        Path file = tmp.resolve("model.zip");
        Checkpoints.write(lenet, file);
        for (ComputationGraph g : new ComputationGraph[] {lenet, Checkpoints.read(file)}) {
            for (String layer : new String[] {"conv0", "conv2"}) {
                assertThat(((Conv) g.getLayer(layer).conf().getLayer()).isChannelsLast()).as(layer).isTrue();
            }
            for (String layer : new String[] {"pool1", "pool3"}) {
                assertThat(((MaxPool) g.getLayer(layer).conf().getLayer()).isChannelsLast()).as(layer).isTrue();
            }
        }
        // Batch norm reads DL4J's way: the convolutions before it hand NCHW on.
        ComputationGraph vgg = NetworkBuilder.build(plan("vgg11"), 1e-3, 1);
        assertThat(((Conv) vgg.getLayer("conv0").conf().getLayer()).isChannelsLast()).isFalse();
    }

    @Test
    void fewFiltersComputeAsManyColumnsAtOnceAsFitOneBlockAndDivideTheWidth() {
        assertThat(PackedColumns.of(6, 28, 1)).as("LeNet-5's first layer").isEqualTo(2);
        assertThat(PackedColumns.of(3, 28, 1)).as("pruned to 3 filters").isEqualTo(4);
        assertThat(PackedColumns.of(5, 28, 1)).as("3 does not divide 28").isEqualTo(2);
        assertThat(PackedColumns.of(16, 10, 1)).as("a full block").isEqualTo(1);
        assertThat(PackedColumns.of(6, 28, 2)).as("strided").isEqualTo(1);
    }

    @Test
    void aViewIsTheNchwFaceOfDenseChannelsLastMemory() {
        INDArray nhwc = Nd4j.rand(2, 5, 5, 4);
        assertThat(ChannelsLast.isView(nhwc.permute(0, 3, 1, 2))).isTrue();
        assertThat(ChannelsLast.isView(Nd4j.rand(2, 4, 5, 5))).isFalse();
        assertThat(ChannelsLast.isView(nhwc.permute(0, 3, 1, 2).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup('c'))).isFalse();
    }
}
