package io.alps.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReluTest {
    @TempDir
    Path tmp;

    @Test
    void gradientAndOutputEqualDl4jsRelu() {
        Nd4j.getRandom().setSeed(7);
        INDArray z = Nd4j.randn(64, 6, 28, 28);
        z.slice(0).assign(0); // exactly 0 has gradient 0 in both
        INDArray eps = Nd4j.randn(64, 6, 28, 28);

        INDArray ours = Relu.INSTANCE.backprop(z.dup(), eps.dup()).getFirst();
        INDArray dl4j = new ActivationReLU().backprop(z.dup(), eps.dup()).getFirst();
        // + 0f turns -0 into +0: the only difference allowed (see Relu's comment).
        float[] a = ours.dup().addi(0f).data().asFloat();
        float[] b = dl4j.dup().addi(0f).data().asFloat();
        assertThat(a).containsExactly(b);
        assertThat(Relu.INSTANCE.getActivation(z.dup(), true)).isEqualTo(new ActivationReLU().getActivation(z.dup(), true));
    }

    @Test
    void everyReluOfABuiltNetworkIsOursAndSurvivesACheckpoint() {
        ComputationGraph net = NetworkBuilder.build(Architectures.get("lenet5").plan(new ImageShape(3, 32, 32), 10),
                1e-3, 1);
        Path file = tmp.resolve("model.zip");
        Checkpoints.write(net, file);
        ComputationGraph read = Checkpoints.read(file);
        for (ComputationGraph g : new ComputationGraph[] {net, read}) {
            for (String layer : new String[] {"conv0", "conv2", "dense4", "dense5"}) {
                BaseLayer conf = (BaseLayer) g.getLayer(layer).conf().getLayer();
                assertThat(conf.getActivationFn()).as(layer).isInstanceOf(Relu.class);
            }
        }
    }

    @Test
    void aBatchNormThatAsksForReluIsFollowedByOne() {
        // DL4J's batch norm ignores the activation it is given, so the builder adds the ReLU as a layer.
        for (String arch : new String[] {"vgg11", "resnet18"}) {
            io.alps.api.model.NetworkPlan plan = Architectures.get(arch).plan(new ImageShape(3, 32, 32), 10);
            ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 1);
            java.util.Map<String, INDArray> acts = net.feedForward(Nd4j.randn(3, new long[] {4, 3, 32, 32}), true);
            int withRelu = 0;
            for (int i = 0; i < plan.layers().size(); i++) {
                if (plan.layers().get(i) instanceof io.alps.api.model.LayerSpec.BatchNorm bn) {
                    String name = io.alps.api.model.LayerNames.of(plan, i);
                    assertThat(acts.get(name).minNumber().doubleValue()).as(arch + " " + name + " itself").isNegative();
                    if (bn.relu()) {
                        withRelu++;
                        assertThat(acts.get(NetworkBuilder.outputName(plan, i)).minNumber().doubleValue())
                                .as(arch + " " + name + " then ReLU").isGreaterThanOrEqualTo(0);
                    }
                }
            }
            assertThat(withRelu).as(arch).isPositive();
        }
    }
}
