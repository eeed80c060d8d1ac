package io.alps.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.backend.Backend;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class MaxPoolTest {
    @TempDir
    Path tmp;

    /** conv (1x1, {@code channels} filters) -> pool -> softmax output. */
    private static ComputationGraph net(int channels, Layer pool) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1))
                .graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(channels).activation(Activation.IDENTITY).build(), "in")
                .addLayer("pool", pool, "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutional(28, 28, 3)).build());
        net.init();
        return net;
    }

    @Test
    void fewChannelsArePooledWithoutOneDnnAndGiveDl4jsNumbersForwardAndBack() {
        Backend.init();
        for (int channels : new int[] {1, 3, 6}) {
            ComputationGraph ours = net(channels, new MaxPool(2, "pool"));
            ComputationGraph dl4j = net(channels, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2)
                    .stride(2, 2).build());
            dl4j.setParams(ours.params());
            assertThat(Backend.activeHelpers(dl4j)).as("DL4J pools with oneDNN").contains("MKLDNNSubsamplingHelper");
            INDArray x = Nd4j.randn(11, new long[] {16, 3, 28, 28});
            INDArray y = Nd4j.zeros(16, 10);
            for (int i = 0; i < 16; i++) {
                y.putScalar(i, i % 10, 1);
            }
            assertThat(MaxPoolLayer.withoutOneDnn(Nd4j.zeros(16, channels, 28, 28))).isEqualTo(channels < 4);
            assertThat(ours.outputSingle(false, x)).as(channels + " channels, output").isEqualTo(dl4j.outputSingle(false, x));

            ours.fit(new INDArray[] {x}, new INDArray[] {y});
            dl4j.fit(new INDArray[] {x}, new INDArray[] {y});
            // The conv layer's update went back through the pooling: the same to the bit.
            assertThat(ours.params().data().asFloat()).as(channels + " channels, after a step")
                    .containsExactly(dl4j.params().data().asFloat());
        }
    }

    @Test
    void aBuiltNetworkPoolsWithItAndACheckpointKeepsIt() {
        NetworkPlan plan = Architectures.get("lenet5").plan(new ImageShape(3, 32, 32), 10).withWidth(0, 3);
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 1);
        Path file = tmp.resolve("model.zip");
        Checkpoints.write(net, file);
        ComputationGraph read = Checkpoints.read(file);
        INDArray x = Nd4j.randn(5, new long[] {4, 3, 32, 32});
        assertThat(read.outputSingle(false, x)).isEqualTo(net.outputSingle(false, x));
        for (ComputationGraph g : new ComputationGraph[] {net, read}) {
            assertThat(g.getLayer("pool1").conf().getLayer()).isInstanceOf(MaxPool.class);
            assertThat(g.getLayer("pool1")).isInstanceOf(MaxPoolLayer.class);
        }
    }
}
