package io.alps.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.backend.Backend;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ConvLayerTest {
    @TempDir
    Path tmp;

    /** {@code conv} on a 3x32x32 input -> softmax output. */
    private static ComputationGraph net(Layer conv) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1))
                .graphBuilder().addInputs("in")
                .addLayer("conv", conv, "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("out").setInputTypes(InputType.convolutional(32, 32, 3)).build());
        net.init();
        return net;
    }

    private static ConvolutionLayer.Builder conv(int kernel, int stride, int padding) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding).nOut(6)
                .activation(Relu.INSTANCE);
    }

    private static Conv withoutInputGradient(ConvolutionLayer.Builder builder) {
        Conv conv = Conv.of(builder);
        conv.setInputGradient(false);
        return conv;
    }

    @Test
    void aLayerWithoutInputGradientGivesDl4jsWeightGradientAndSkipsTheInputs() {
        Backend.init();
        // LeNet-5's first layer, the 3x3 "same" one of Conv-n, VGG and ResNet, and a strided one.
        for (int[] kSP : new int[][] {{5, 1, 0}, {3, 1, 1}, {4, 2, 1}}) {
            ComputationGraph ours = net(withoutInputGradient(conv(kSP[0], kSP[1], kSP[2])));
            ComputationGraph dl4j = net(conv(kSP[0], kSP[1], kSP[2]).build());
            dl4j.setParams(ours.params());
            INDArray x = Nd4j.randn(11, new long[] {16, 3, 32, 32});
            INDArray y = Nd4j.zeros(16, 10);
            for (int i = 0; i < 16; i++) {
                y.putScalar(i, i % 10, 1);
            }
            assertThat(input(ours, x)).as("input gradient, ours").isNull();
            assertThat(input(dl4j, x)).as("input gradient, DL4J's").isNotNull();

            ours.fit(new INDArray[] {x}, new INDArray[] {y});
            dl4j.fit(new INDArray[] {x}, new INDArray[] {y});
            String what = "kernel " + kSP[0] + ", stride " + kSP[1] + ", padding " + kSP[2];
            for (String param : new String[] {"W", "b"}) {
                float[] a = ours.getLayer("conv").getParam(param).data().asFloat();
                float[] b = dl4j.getLayer("conv").getParam(param).data().asFloat();
                for (int i = 0; i < a.length; i++) {
                    assertThat(a[i]).as(what + ": " + param + "[" + i + "] after a step").isCloseTo(b[i], within(1e-6f));
                }
            }
            assertThat(ours.getLayer("out").params().data().asFloat()).as(what + ": output layer after a step")
                    .containsExactly(dl4j.getLayer("out").params().data().asFloat());
        }
    }

    @Test
    void aStrideThatLeavesRowsOverGoesDl4jsWay() {
        ComputationGraph ours = net(withoutInputGradient(conv(3, 2, 1))); // (32 + 2 - 3) / 2 leaves a row
        INDArray x = Nd4j.randn(5, new long[] {4, 3, 32, 32});
        assertThat(input(ours, x)).isNotNull();
    }

    @Test
    void aBuiltNetworkSkipsOnlyTheFirstLayersInputGradientAndACheckpointKeepsThat() {
        NetworkPlan plan = Architectures.get("lenet5").plan(new ImageShape(3, 32, 32), 10);
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 1);
        Path file = tmp.resolve("model.zip");
        Checkpoints.write(net, file);
        for (ComputationGraph g : new ComputationGraph[] {net, Checkpoints.read(file)}) {
            assertThat(g.getLayer("conv0")).isInstanceOf(ConvLayer.class);
            assertThat(((Conv) g.getLayer("conv0").conf().getLayer()).isInputGradient()).isFalse();
            assertThat(((Conv) g.getLayer("conv2").conf().getLayer()).isInputGradient()).isTrue();
        }
    }

    @Test
    void keepingThePreActivationsForBackpropChangesNoNumber() {
        NetworkPlan plan = Architectures.get("conv2").plan(new ImageShape(3, 32, 32), 10);
        ComputationGraph cached = NetworkBuilder.build(plan, 1e-3, 1);
        ComputationGraph recomputed = NetworkBuilder.build(plan, 1e-3, 1);
        assertThat(cached.getConfiguration().getCacheMode()).isEqualTo(CacheMode.DEVICE);
        recomputed.getConfiguration().setCacheMode(CacheMode.NONE);
        recomputed.setCacheMode(CacheMode.NONE);
        INDArray x = Nd4j.randn(13, new long[] {32, 3, 32, 32});
        INDArray y = Nd4j.zeros(32, 10);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, i % 10, 1);
        }
        for (int step = 0; step < 3; step++) {
            Nd4j.getRandom().setSeed(step); // the same dropout masks for both
            cached.fit(new INDArray[] {x}, new INDArray[] {y});
            Nd4j.getRandom().setSeed(step);
            recomputed.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        assertThat(Arrays.equals(cached.params().data().asFloat(), recomputed.params().data().asFloat()))
                .as("the same parameters after three steps").isTrue();
    }

    /** The gradient the layer "conv" hands back for its input, after a forward pass in training mode. */
    private static INDArray input(ComputationGraph net, INDArray x) {
        net.initGradientsView();
        org.deeplearning4j.nn.api.Layer layer = net.getLayer("conv");
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x, mgr);
        INDArray out = layer.activate(true, mgr);
        Pair<Gradient, INDArray> back = layer.backpropGradient(Nd4j.randn(3, out.shape()), mgr);
        assertThat(back.getFirst().gradientForVariable()).containsKeys("W", "b");
        return back.getSecond();
    }
}
