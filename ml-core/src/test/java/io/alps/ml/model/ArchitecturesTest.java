package io.alps.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.kind.lth.PruneSchedule;
import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.LayerNames;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.al.NetworkState;
import io.alps.ml.popup.PopupInit;
import io.alps.ml.popup.PopupLayer;
import io.alps.ml.popup.PopupLayers;
import io.alps.ml.popup.PopupNetworks;
import io.alps.ml.popup.PopupSettings;
import io.alps.ml.prune.StructuredPruner;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Every architecture of the registry: the reference counts, shapes, checkpoints, edge-popup and pruning. */
class ArchitecturesTest {
    private static final ImageShape CIFAR = new ImageShape(3, 32, 32);
    /**
     * Parameters (batch norm's scale and shift included, running statistics not) and MACs per image,
     * 3x32x32 (3x64x64 for resnet18-imagenet, which refuses smaller images), 10 classes.
     */
    private static final Map<String, long[]> REFERENCE = Map.of(
            "lenet5", new long[] {62_006, 651_720},
            "conv2", new long[] {4_301_642, 43_780_608},
            "conv4", new long[] {2_425_930, 98_306_560},
            "conv6", new long[] {2_262_602, 153_881_088},
            "vgg11", new long[] {9_231_114, 152_769_536},
            "vgg16", new long[] {14_728_266, 313_201_664},
            "resnet18", new long[] {11_173_962, 555_422_720},
            "resnet18-imagenet", new long[] {11_181_642, 148_050_944});
    private static final String IMAGENET_STEM = "resnet18-imagenet";

    private static NetworkPlan plan(String name, ImageShape input) {
        return Architectures.get(name).plan(input, 10);
    }

    /** The registry's smallest usual input for the network: 32x32, 64x64 for the ImageNet stem. */
    private static ImageShape input(String name, int channels) {
        int side = name.equals(IMAGENET_STEM) ? 64 : 32;
        return new ImageShape(channels, side, side);
    }

    @org.junit.jupiter.api.Test
    void theHelpTextsNameEveryRegisteredArchitecture() {
        assertThat(Architectures.NAMES).isEqualTo(Architectures.names());
        assertThat(REFERENCE.keySet()).containsExactlyInAnyOrder(Architectures.NAMES.split(", "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "conv2", "conv4", "conv6", "vgg11", "vgg16", "resnet18", "resnet18-imagenet"})
    void theBuiltNetworkHasTheReferenceParametersAndMacs(String name) {
        ComputationGraph net = NetworkBuilder.build(plan(name, input(name, 3)), 1e-3, 1);
        ModelStats stats = ModelStats.of(net, plan(name, input(name, 3)));
        assertThat(stats.parameters()).as(name + " parameters").isEqualTo(REFERENCE.get(name)[0]);
        assertThat(stats.macs()).as(name + " MACs").isEqualTo(REFERENCE.get(name)[1]);
        assertThat(stats.summary()).endsWith(String.format("total: %,d parameters, %,d MACs per image%n",
                REFERENCE.get(name)[0], REFERENCE.get(name)[1]));
        assertThat(stats.layers().stream().filter(l -> l.type().equals("Add+ReLU")))
                .hasSize(name.startsWith("resnet18") ? 8 : 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "conv2", "conv4", "conv6", "vgg11", "vgg16", "resnet18", "resnet18-imagenet"})
    void forwardShapesAndCheckpointsHoldForColourAndGreyImages(String name) throws Exception {
        for (ImageShape input : new ImageShape[] {input(name, 3), input(name, 1)}) {
            ComputationGraph net = NetworkBuilder.build(plan(name, input), 1e-3, 2);
            INDArray x = Nd4j.randn(3, new long[] {2, input.channels(), input.height(), input.width()});
            INDArray out = net.outputSingle(false, x);
            assertThat(out.shape()).containsExactly(2, 10);
            ComputationGraph back = Checkpoints.fromBytes(Checkpoints.toBytes(net), name);
            assertThat(back.params()).isEqualTo(net.params());
            assertThat(back.outputSingle(false, x)).isEqualTo(out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv2", "vgg11", "resnet18"})
    void trainsAndReportsItsTrainingAccuracyWhateverLayerPrecedesTheOutput(String name) {
        var data = io.alps.ml.testdata.TestData.split(32, 16, 7);
        ComputationGraph net = NetworkBuilder.build(plan(name, CIFAR), 1e-3, 4);
        int[] ids = new int[32];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        var history = io.alps.ml.train.Trainer.fit(net, data.train(), ids, data.test(),
                new io.alps.ml.train.TrainSettings(1, 16, 1e-3, 1), 0, null);
        assertThat(history).hasSize(1);
        assertThat(history.get(0).trainAccuracy()).as(name).isBetween(0.0, 1.0);
        assertThat(history.get(0).testAccuracy()).as(name).isBetween(0.0, 1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "conv2", "conv4", "conv6", "vgg11", "vgg16", "resnet18", "resnet18-imagenet"})
    void edgePopupKeepsExactlyKOfEveryWeightedLayer(String name) {
        NetworkPlan plan = plan(name, input(name, 3));
        PopupSettings settings = new PopupSettings(0.5, Map.of(), PopupInit.KAIMING_NORMAL);
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 3, new PopupLayers(settings));
        Map<String, Long> counts = plan.weightCounts();
        assertThat(PopupNetworks.layers(net)).hasSize(plan.weightedLayers().size() + 1);
        for (PopupLayer layer : PopupNetworks.layers(net)) {
            long n = counts.get(layer.layerName());
            assertThat(layer.mask().kept()).as(name + " " + layer.layerName()).isEqualTo(Math.round(0.5 * n));
        }
        INDArray out = net.outputSingle(false, Nd4j.randn(4, new long[] {2, 3, plan.input().height(), plan.input().width()}));
        assertThat(out.shape()).containsExactly(2, 10);
        long weights = counts.values().stream().mapToLong(Long::longValue).sum();
        io.alps.ml.popup.SubnetSummary summary = io.alps.ml.popup.SubnetSummary.of(net);
        assertThat(summary.effectiveWeights()).as(name).isEqualTo(weights);
        assertThat(summary.fractionUsed()).as(name).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "conv2", "conv4", "conv6", "vgg11", "vgg16", "resnet18", "resnet18-imagenet"})
    void aNetworkPrunedTwiceEqualsTheOriginalWithTheCutUnitsZeroed(String name) {
        NetworkPlan plan = plan(name, input(name, 3));
        NetworkState full = new NetworkState(plan, randomised(NetworkBuilder.build(plan, 1e-3, 5), 5));
        PruneSchedule schedule = new PruneSchedule(0.3, true);
        StructuredPruner.Cut first = StructuredPruner.cut(full, plan, schedule, 1);
        NetworkState once = StructuredPruner.slice(full, first, 1e-3);
        StructuredPruner.Cut second = StructuredPruner.cut(once, plan, schedule, 2);
        NetworkState twice = StructuredPruner.slice(once, second, 1e-3);

        for (int i : schedule.layers(plan)) {
            assertThat(twice.plan().width(i)).as(name + " layer " + i).isEqualTo(PruneSchedule.keep(plan.width(i), 0.3, 2));
        }
        for (java.util.List<Integer> group : schedule.groups(plan)) {
            // The layers whose outputs meet in a residual sum keep the same original channels.
            for (int i : group) {
                assertThat(twice.origins().of(i, twice.plan().width(i))).as(name + " group " + group)
                        .containsExactly(twice.origins().of(group.get(0), twice.plan().width(group.get(0))));
            }
        }
        assertThat(ModelStats.of(twice.network(), twice.plan()).macs())
                .isLessThan(ModelStats.of(full.network(), plan).macs() / 2);
        INDArray x = Nd4j.randn(6, new long[] {4, 3, plan.input().height(), plan.input().width()});
        ComputationGraph zeroed = zeroed(full.network(), plan, second);
        INDArray expected = zeroed.outputSingle(false, x);
        assertThat(maxDiff(twice.network().outputSingle(false, x), expected)).as(name).isLessThanOrEqualTo(1e-5);
        // Theta0's slices (rewinding) are the same weights as slicing in two steps.
        assertThat(maxDiff(StructuredPruner.slice(full, second, 1e-3).network().outputSingle(false, x), expected))
                .isLessThanOrEqualTo(1e-5);
        assertThat(maxDiff(full.network().outputSingle(false, x), expected)).as("the cut changed something").isGreaterThan(1e-4);
    }

    /** Random biases and batch-norm scales and shifts, so slicing mistakes in them show. */
    private static ComputationGraph randomised(ComputationGraph net, long seed) {
        for (int i = 0; i < net.getLayers().length; i++) {
            Layer layer = net.getLayer(i);
            if (layer.numParams() == 0) {
                continue;
            }
            for (String p : new String[] {"b", "gamma", "beta"}) {
                INDArray v = layer.getParam(p);
                if (v != null) {
                    layer.setParam(p, Nd4j.rand(seed + i, v.shape()).muli(p.equals("gamma") ? 1 : 0.2).addi(
                            p.equals("gamma") ? 0.5 : -0.1));
                }
            }
        }
        return net;
    }

    /** A copy of {@code full} where each unit the cut drops has zero incoming weights, bias and batch-norm scale and shift. */
    private static ComputationGraph zeroed(ComputationGraph full, NetworkPlan original, StructuredPruner.Cut cut) {
        ComputationGraph z = full.clone();
        for (int i : original.weightedLayers()) {
            Set<Integer> kept = new HashSet<>();
            for (int o : cut.origins().of(i, cut.plan().width(i))) {
                kept.add(o);
            }
            java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(LayerNames.of(original, i)));
            for (int j = i + 1; j < original.layers().size(); j++) {
                if (original.layers().get(j) instanceof io.alps.api.model.LayerSpec.BatchNorm
                        && original.inputsOf(j).equals(java.util.List.of(i))) {
                    names.add(LayerNames.of(original, j));
                }
            }
            for (String n : names) {
                Layer layer = z.getLayer(n);
                for (String p : new String[] {"W", "b", "gamma", "beta"}) {
                    INDArray v = layer.getParam(p);
                    if (v == null) {
                        continue;
                    }
                    v = v.dup();
                    for (int o = 0; o < original.width(i); o++) {
                        if (!kept.contains(o)) {
                            if (v.rank() == 4) {
                                v.get(NDArrayIndex.point(o)).assign(0);
                            } else if (p.equals("W")) {
                                v.getColumn(o).assign(0);
                            } else {
                                v.putScalar(o, 0);
                            }
                        }
                    }
                    layer.setParam(p, v);
                }
            }
        }
        return z;
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
