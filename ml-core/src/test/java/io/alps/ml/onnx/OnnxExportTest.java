package io.alps.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.kind.lth.PruneSchedule;
import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.al.NetworkState;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.popup.PopupInit;
import io.alps.ml.popup.PopupLayer;
import io.alps.ml.popup.PopupLayers;
import io.alps.ml.popup.PopupNetworks;
import io.alps.ml.popup.PopupSettings;
import io.alps.ml.prune.StructuredPruner;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;

/**
 * An exported network computes in ONNX Runtime what it computes in ALPS: the class probabilities
 * of a small random batch agree within 1e-4, for every kind of layer ALPS builds and for networks
 * as pruning and edge-popup leave them.
 */
class OnnxExportTest {
    static final ImageShape CIFAR = new ImageShape(3, 32, 32);
    private static final int CLASSES = 10;

    static Stream<Arguments> networks() {
        return Stream.of(
                network("dense LeNet-5, trained a step", () -> trained(dense("lenet5"), 2)),
                network("dense Conv-2", () -> dense("conv2")),
                network("LeNet-5 with dropout (the identity in inference), trained a step", () -> {
                    NetworkPlan plan = Architectures.get("lenet5").plan(CIFAR, CLASSES).withDropout(0.5);
                    return trained(new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, 5)), 1);
                }),
                network("dense Conv-4, trained a step", () -> trained(dense("conv4"), 1)),
                network("Conv-4 pruned twice (filters and units)", () -> prunedTwice(trained(dense("conv4"), 1),
                        new PruneSchedule(0.3, true))),
                network("edge-popup Conv-4, scores trained a step", OnnxExportTest::popupConv4),
                network("VGG-11, batch norm statistics after two steps", () -> trained(dense("vgg11"), 2)),
                network("ResNet-18 pruned twice (residual channel groups cut together)",
                        () -> prunedTwice(trained(dense("resnet18"), 1), new PruneSchedule(0.3, false))),
                network("ResNet-18 (ImageNet stem, overlapping max pool) at 64 px, trained a step",
                        () -> trained(dense("resnet18-imagenet", new ImageShape(3, 64, 64)), 1)));
    }

    private static Arguments network(String name, Supplier<NetworkState> make) {
        return Arguments.of(Named.of(name, make));
    }

    @ParameterizedTest
    @MethodSource("networks")
    void onnxRuntimeGivesAlpsProbabilities(Supplier<NetworkState> make) throws Exception {
        NetworkState state = make.get();
        ImageShape input = state.plan().input();
        INDArray images = Nd4j.randn(11, new long[] {5, input.channels(), input.height(), input.width()});
        INDArray alps = state.network().outputSingle(false, images);
        float[][] onnx;
        try (OnnxRuntimeRun run = new OnnxRuntimeRun(OnnxExporter.toBytes(state.plan(), state.network()))) {
            onnx = run.probabilities(images);
        }
        assertThat(onnx).hasNumberOfRows(5);
        double worst = 0;
        for (int i = 0; i < onnx.length; i++) {
            assertThat(onnx[i]).hasSize(CLASSES);
            for (int c = 0; c < CLASSES; c++) {
                worst = Math.max(worst, Math.abs(onnx[i][c] - alps.getDouble(i, c)));
            }
        }
        assertThat(worst).as("largest difference to ALPS's probabilities").isLessThanOrEqualTo(1e-4);
        // Not uniform: a wrongly wired graph can agree with a network that has not learnt to tell images apart.
        assertThat(alps.maxNumber().doubleValue() - alps.minNumber().doubleValue()).isGreaterThan(1e-3);
    }

    @org.junit.jupiter.api.Test
    void anEdgePopupNetworkExportsItsFrozenWeightsWithTheUnkeptOnesZero() {
        NetworkState state = popupConv4();
        Onnx.ModelProto model = OnnxExporter.model(state.plan(), state.network());
        for (PopupLayer layer : PopupNetworks.layers(state.network())) {
            Onnx.TensorProto weights = model.getGraph().getInitializerList().stream()
                    .filter(t -> t.getName().equals(layer.layerName() + ".weight")).findFirst().orElseThrow();
            float[] values = floats(weights.getRawData());
            long nonZero = 0;
            for (float v : values) {
                nonZero += v != 0 ? 1 : 0;
            }
            assertThat(values).as(layer.layerName()).hasSize((int) layer.frozenWeights().length());
            assertThat(nonZero).as(layer.layerName() + " weights kept").isEqualTo(layer.mask().kept())
                    .isLessThan(values.length);
        }
    }

    @org.junit.jupiter.api.Test
    void aPrunedNetworkExportsAtItsCutSize() {
        NetworkState dense = dense("conv4");
        NetworkState pruned = prunedTwice(dense, new PruneSchedule(0.3, true));
        long denseBytes = OnnxExporter.toBytes(dense.plan(), dense.network()).length;
        long prunedBytes = OnnxExporter.toBytes(pruned.plan(), pruned.network()).length;
        // Two rounds at 30% keep about half of each layer's units and a quarter to half of its weights.
        assertThat(prunedBytes).isLessThan(denseBytes / 2);
        assertThat(prunedBytes).isGreaterThan(4L * pruned.network().numParams() - 4L * 10_000);
    }

    static NetworkState dense(String architecture) {
        return dense(architecture, CIFAR);
    }

    static NetworkState dense(String architecture, ImageShape input) {
        NetworkPlan plan = Architectures.get(architecture).plan(input, CLASSES);
        return new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, 5));
    }

    static NetworkState popupConv4() {
        NetworkPlan plan = Architectures.get("conv4").plan(CIFAR, CLASSES);
        PopupSettings settings = new PopupSettings(0.4, Map.of(), PopupInit.KAIMING_NORMAL);
        return trained(new NetworkState(plan, NetworkBuilder.build(plan, 0.1, 5, new PopupLayers(settings))), 1);
    }

    /** After {@code steps} training steps on a random batch: moved weights and, with batch norm, non-trivial running statistics. */
    static NetworkState trained(NetworkState state, int steps) {
        ComputationGraph net = state.network();
        ImageShape input = state.plan().input();
        for (int s = 0; s < steps; s++) {
            INDArray x = Nd4j.randn(100 + s, new long[] {8, input.channels(), input.height(), input.width()});
            INDArray y = Nd4j.zeros(8, CLASSES);
            for (int i = 0; i < 8; i++) {
                y.putScalar(i, (i + s) % CLASSES, 1.0);
            }
            net.fit(new DataSet(x, y));
        }
        return state;
    }

    /** Two rounds of structured pruning, each slicing the network the round before left. */
    static NetworkState prunedTwice(NetworkState trained, PruneSchedule schedule) {
        NetworkState once = StructuredPruner.slice(trained, StructuredPruner.cut(trained, trained.plan(), schedule, 1), 1e-3);
        NetworkState twice = StructuredPruner.slice(once, StructuredPruner.cut(once, trained.plan(), schedule, 2), 1e-3);
        assertThat(twice.network().numParams()).isLessThan(once.network().numParams());
        return twice;
    }

    private static float[] floats(ByteString raw) {
        java.nio.FloatBuffer buffer = raw.asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
