package io.alps.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.kind.lth.PruneSchedule;
import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.LayerNames;
import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.popup.PopupInit;
import io.alps.ml.popup.PopupLayer;
import io.alps.ml.popup.PopupLayers;
import io.alps.ml.popup.PopupNetworks;
import io.alps.ml.popup.PopupSettings;
import io.alps.ml.prune.StructuredPruner;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The registry's networks at image sides other than CIFAR's 32: reference counts, shapes, edge-popup, pruning. */
class ImageSizesTest {

    /** PyTorch's counts for 3-channel images (parameters without batch norm's running statistics; conv and dense MACs). */
    static Stream<Arguments> pytorchReference() {
        return Stream.of(
                Arguments.of("lenet5", 64, 10, 338_486L, 3_577_800L),
                Arguments.of("conv4", 64, 10, 8_717_386L, 393_021_952L),
                Arguments.of("vgg11", 64, 10, 9_231_114L, 611_062_784L),
                Arguments.of("resnet18", 96, 10, 11_173_962L, 4_998_763_520L),
                Arguments.of("resnet18-imagenet", 64, 10, 11_181_642L, 148_050_944L),
                Arguments.of("resnet18-imagenet", 224, 10, 11_181_642L, 1_813_566_464L),
                Arguments.of("resnet18-imagenet", 224, 1000, 11_689_512L, 1_814_073_344L));
    }

    @ParameterizedTest(name = "{0} at {1}px, {2} classes")
    @MethodSource("pytorchReference")
    void countsEqualPyTorchs(String name, int side, int classes, long parameters, long macs) {
        NetworkPlan plan = Architectures.get(name).plan(new ImageShape(3, side, side), classes);
        ModelStats stats = ModelStats.of(NetworkBuilder.build(plan, 1e-3, 1), plan);
        assertThat(stats.parameters()).as("parameters").isEqualTo(parameters);
        assertThat(stats.macs()).as("MACs").isEqualTo(macs);
    }

    static Stream<Arguments> everyNetworkAtEverySide() {
        return Stream.of(64, 96, 224).flatMap(side -> Stream.of(Architectures.names().split(", "))
                .map(name -> Arguments.of(name, side)));
    }

    @ParameterizedTest(name = "{0} at {1}px")
    @MethodSource("everyNetworkAtEverySide")
    void everyNetworkClassifiesImagesOfItsSideAndHasThePlansShapes(String name, int side) {
        NetworkPlan plan = Architectures.get(name).plan(new ImageShape(3, side, side), 10);
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 2);
        INDArray out = net.outputSingle(false, Nd4j.randn(3, new long[] {1, 3, side, side}));
        assertThat(out.shape()).containsExactly(1, 10);
        assertThat(out.sumNumber().doubleValue()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
        // The plan's shape rule (which sizes the dense layers and describes the network) is DL4J's.
        Map<String, String> built = new java.util.HashMap<>();
        ModelStats.of(net, plan).layers().forEach(l -> built.put(l.name(), l.outputShape()));
        List<ImageShape> shapes = plan.shapes();
        for (int i = 0; i < plan.layers().size(); i++) {
            LayerSpec s = plan.layers().get(i);
            if (s instanceof LayerSpec.Conv || s instanceof LayerSpec.MaxPool) {
                assertThat(built.get(LayerNames.of(plan, i))).as(name + " " + LayerNames.of(plan, i))
                        .isEqualTo(shapes.get(i).toString());
            }
        }
        net.close();
    }

    @Test
    void theImageNetStemHalvesTheSideTwiceBeforeTheStagesAndRefusesSmallImages() {
        NetworkPlan plan = Architectures.get("resnet18-imagenet").plan(new ImageShape(3, 224, 224), 10);
        assertThat(plan.layers().get(0)).isEqualTo(new LayerSpec.Conv(64, 7, 3, true, 2));
        assertThat(plan.layers().get(2)).isEqualTo(new LayerSpec.MaxPool(3, 2, 1));
        assertThat(plan.shapes().subList(0, 3)).containsExactly(new ImageShape(64, 112, 112),
                new ImageShape(64, 112, 112), new ImageShape(64, 56, 56));
        assertThat(plan.shapes().get(plan.layers().size() - 2)).isEqualTo(new ImageShape(512, 7, 7));
        assertThatThrownBy(() -> Architectures.get("resnet18-imagenet").plan(new ImageShape(3, 32, 32), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 64x64").hasMessageContaining("3x32x32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv4", "resnet18", "resnet18-imagenet"})
    void edgePopupBuildsTrainsAndKeepsKAt64(String name) {
        NetworkPlan plan = Architectures.get(name).plan(new ImageShape(3, 64, 64), 10);
        ComputationGraph net = NetworkBuilder.build(plan, 1e-2, 3,
                new PopupLayers(new PopupSettings(0.5, Map.of(), PopupInit.KAIMING_NORMAL)));
        Map<String, Long> counts = plan.weightCounts();
        for (PopupLayer layer : PopupNetworks.layers(net)) {
            assertThat(layer.mask().kept()).as(name + " " + layer.layerName())
                    .isEqualTo(Math.round(0.5 * counts.get(layer.layerName())));
        }
        INDArray x = Nd4j.randn(5, new long[] {2, 3, 64, 64});
        INDArray y = Nd4j.zeros(2, 10);
        y.putScalar(0, 1, 1.0);
        y.putScalar(1, 7, 1.0);
        INDArray before = net.params().dup();
        net.fit(new DataSet(x, y));
        assertThat(net.params()).as("a training step moves the scores").isNotEqualTo(before);
        assertThat(net.outputSingle(false, x).shape()).containsExactly(2, 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv4", "resnet18", "resnet18-imagenet"})
    void aPrunedNetworkAt64KeepsItsShapesAndSurvivesItsStoredForm(String name) {
        NetworkPlan plan = Architectures.get(name).plan(new ImageShape(3, 64, 64), 10);
        NetworkState full = new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, 5));
        PruneSchedule schedule = new PruneSchedule(0.3, true);
        NetworkState pruned = StructuredPruner.slice(full, StructuredPruner.cut(full, plan, schedule, 1), 1e-3);
        for (int i : schedule.layers(plan)) {
            assertThat(pruned.plan().width(i)).as(name + " layer " + i).isEqualTo(PruneSchedule.keep(plan.width(i), 0.3, 1));
        }
        INDArray x = Nd4j.randn(6, new long[] {2, 3, 64, 64});
        INDArray out = pruned.network().outputSingle(false, x);
        assertThat(out.shape()).containsExactly(2, 10);
        NetworkState back = NetworkStateCodec.fromBytes(NetworkStateCodec.toBytes(pruned), name);
        assertThat(back.plan()).isEqualTo(pruned.plan());
        assertThat(back.network().outputSingle(false, x)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vgg11", "vgg16"})
    void vggAt32IsBitForBitTheNetworkWithoutTheFinalGlobalPooling(String name) {
        NetworkPlan withPool = Architectures.get(name).plan(new ImageShape(3, 32, 32), 10);
        assertThat(withPool.layers().get(withPool.layers().size() - 1)).isEqualTo(new LayerSpec.GlobalAvgPool());
        NetworkPlan without = new NetworkPlan(name, withPool.input(),
                withPool.layers().subList(0, withPool.layers().size() - 1), 10);
        ComputationGraph a = NetworkBuilder.build(withPool, 1e-3, 9);
        ComputationGraph b = NetworkBuilder.build(without, 1e-3, 9);
        assertThat(a.params()).isEqualTo(b.params());
        INDArray x = Nd4j.randn(8, new long[] {4, 3, 32, 32});
        INDArray y = Nd4j.zeros(4, 10);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i, 1.0);
        }
        for (int step = 0; step < 2; step++) {
            a.fit(new DataSet(x, y));
            b.fit(new DataSet(x, y));
        }
        assertThat(a.params()).isEqualTo(b.params());
        assertThat(a.outputSingle(false, x)).isEqualTo(b.outputSingle(false, x));
    }
}
