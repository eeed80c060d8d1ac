package io.alps.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.backend.Backend;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** ALPS's batch norm computes what DL4J's computes, in training and in inference, and is stored like it. */
class BatchNormTest {
    private static final double TOLERANCE = 1e-4;
    /** For a few training steps of a whole network (see {@link #vgg11TrainsAsWithDl4jsBatchNorm()}). */
    private static final double TRAJECTORY = 1e-3;

    @BeforeAll
    static void backend() {
        Backend.init();
    }

    /** The network's layers with DL4J's own batch norm: the reference. */
    static final class Dl4jBatchNorm implements LayerFactory {
        private final StandardLayers standard = new StandardLayers();

        @Override
        public Layer conv(LayerSpec.Conv spec, int index, IActivation activation) {
            return standard.conv(spec, index, activation);
        }

        @Override
        public Layer batchNorm(LayerSpec.BatchNorm spec, int index) {
            return new BatchNormalization.Builder().activation(Activation.IDENTITY).name("bn" + index).build();
        }

        @Override
        public Layer dense(LayerSpec.Dense spec, int index) {
            return standard.dense(spec, index);
        }

        @Override
        public Layer output(int numClasses, int index) {
            return standard.output(numClasses, index);
        }
    }

    private static ComputationGraph single(Layer bn, long[] shape) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1))
                .graphBuilder().addInputs("in")
                .addLayer("bn", bn, "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "bn")
                .setOutputs("out").setInputTypes(InputType.convolutional(shape[2], shape[3], shape[1])).build());
        net.init();
        net.initGradientsView();
        return net;
    }

    @Test
    void aTrainingAndAnInferencePassGiveDl4jsOutputsAndGradients() {
        // VGG-11's first and last batch norm shapes (a small batch), and an odd one.
        for (long[] shape : new long[][] {{8, 64, 32, 32}, {8, 512, 2, 2}, {5, 3, 7, 3}}) {
            ComputationGraph dl4j = single(new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), shape);
            ComputationGraph ours = single(BatchNorm.of(new BatchNormalization.Builder().activation(Activation.IDENTITY)), shape);
            assertThat(ours.getLayer("bn")).isInstanceOf(BatchNormLayer.class);
            // Learned scale and shift and running statistics away from their initial values.
            INDArray params = dl4j.params().dup();
            params.addi(Nd4j.rand(7, params.shape()).subi(0.3));
            dl4j.setParams(params);
            ours.setParams(params);
            // Channels with a mean far from zero and different spreads.
            INDArray x = Nd4j.randn(3, shape).muli(Nd4j.linspace(org.nd4j.linalg.api.buffer.DataType.FLOAT, 0.5, 2.5 / Math.max(1, shape[1] - 1), shape[1]).reshape(1, shape[1], 1, 1))
                    .addi(Nd4j.linspace(org.nd4j.linalg.api.buffer.DataType.FLOAT, -4, 10.0 / Math.max(1, shape[1] - 1), shape[1]).reshape(1, shape[1], 1, 1));
            INDArray gradOut = Nd4j.randn(4, shape);
            String what = java.util.Arrays.toString(shape);

            Pair<Gradient, INDArray> expected = trainingPass(dl4j, x, gradOut);
            Pair<Gradient, INDArray> actual = trainingPass(ours, x, gradOut);
            assertClose(actual.getSecond(), expected.getSecond(), what + ": input gradient");
            assertThat(actual.getFirst().gradientForVariable().keySet())
                    .containsExactlyElementsOf(expected.getFirst().gradientForVariable().keySet());
            for (String param : expected.getFirst().gradientForVariable().keySet()) {
                assertClose(actual.getFirst().getGradientFor(param), expected.getFirst().getGradientFor(param),
                        what + ": gradient of " + param);
            }
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            dl4j.getLayer("bn").setInput(x, mgr);
            ours.getLayer("bn").setInput(x, mgr);
            assertClose(ours.getLayer("bn").activate(false, mgr), dl4j.getLayer("bn").activate(false, mgr),
                    what + ": inference output");
        }
    }

    /** Output and the gradients of a training pass through layer "bn"; the output is checked against DL4J's on the way. */
    private static Pair<Gradient, INDArray> trainingPass(ComputationGraph net, INDArray x, INDArray gradOut) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        org.deeplearning4j.nn.api.Layer layer = net.getLayer("bn");
        layer.setInput(x, mgr);
        INDArray out = layer.activate(true, mgr).dup();
        Pair<Gradient, INDArray> back = layer.backpropGradient(gradOut, mgr);
        Gradient copied = new org.deeplearning4j.nn.gradient.DefaultGradient();
        back.getFirst().gradientForVariable().forEach((k, v) -> copied.setGradientFor(k, v.dup()));
        copied.setGradientFor("output", out);
        return new Pair<>(copied, back.getSecond().dup());
    }

    @Test
    void vgg11TrainsAsWithDl4jsBatchNorm() {
        NetworkPlan plan = Architectures.get("vgg11").plan(new ImageShape(3, 32, 32), 10);
        ComputationGraph ours = NetworkBuilder.build(plan, 1e-3, 5);
        ComputationGraph dl4j = NetworkBuilder.build(plan, 1e-3, 5, new Dl4jBatchNorm());
        assertThat(ours.getLayer("bn1")).isInstanceOf(BatchNormLayer.class);
        assertThat(dl4j.getLayer("bn1")).isNotInstanceOf(BatchNormLayer.class);
        assertThat(ours.params()).isEqualTo(dl4j.params());
        INDArray x = Nd4j.randn(9, new long[] {16, 3, 32, 32});
        INDArray y = Nd4j.zeros(16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1);
        }
        ours.fit(new INDArray[] {x}, new INDArray[] {y});
        dl4j.fit(new INDArray[] {x}, new INDArray[] {y});
        // One step from the same weights: the running statistics moved by the same batch statistics.
        for (org.deeplearning4j.nn.api.Layer layer : dl4j.getLayers()) {
            if (layer.conf().getLayer() instanceof BatchNormalization) {
                String name = layer.conf().getLayer().getLayerName();
                for (String stat : new String[] {BatchNormalizationParamInitializer.GLOBAL_MEAN,
                        BatchNormalizationParamInitializer.GLOBAL_LOG_STD}) {
                    assertClose(ours.getLayer(name).getParam(stat), layer.getParam(stat), name + " running " + stat);
                }
            }
        }
        assertThat(ours.score()).as("loss of the first step").isCloseTo(dl4j.score(), within(TOLERANCE * dl4j.score()));
        // Adam's first steps move each weight by about the learning rate whatever the size of its gradient,
        // so rounding differences grow from step to step: DL4J with and without oneDNN differ in this loss by
        // 5e-5 after the second step and 3e-3 after the fourth (same data, same seed).
        for (int step = 1; step < 3; step++) {
            ours.fit(new INDArray[] {x}, new INDArray[] {y});
            dl4j.fit(new INDArray[] {x}, new INDArray[] {y});
            assertThat(ours.score()).as("loss after step " + step).isCloseTo(dl4j.score(), within(TRAJECTORY * dl4j.score()));
        }
    }

    @Test
    void checkpointsAndClonesKeepTheLayerAndDl4jsCheckpointsLoadIntoIt() {
        NetworkPlan plan = Architectures.get("vgg11").plan(new ImageShape(3, 32, 32), 10);
        ComputationGraph ours = NetworkBuilder.build(plan, 1e-3, 2);
        INDArray x = Nd4j.randn(3, new long[] {8, 3, 32, 32});
        INDArray y = Nd4j.zeros(8, 10);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 10, 1);
        }
        ours.fit(new INDArray[] {x}, new INDArray[] {y});
        INDArray probabilities = ours.outputSingle(false, x);
        for (ComputationGraph copy : new ComputationGraph[] {Checkpoints.fromBytes(Checkpoints.toBytes(ours), "test"),
                ours.clone()}) {
            assertThat(copy.getLayer("bn1")).isInstanceOf(BatchNormLayer.class);
            assertThat(copy.getLayer("bn1").conf().getLayer()).isInstanceOf(BatchNorm.class)
                    .isEqualTo(ours.getLayer("bn1").conf().getLayer());
            assertThat(copy.params()).isEqualTo(ours.params());
            assertThat(copy.outputSingle(false, x)).isEqualTo(probabilities);
        }
        // A network stored with DL4J's own batch norm has the same parameters in the same places.
        ComputationGraph old = Checkpoints.fromBytes(Checkpoints.toBytes(
                NetworkBuilder.build(plan, 1e-3, 2, new Dl4jBatchNorm())), "test");
        old.fit(new INDArray[] {x}, new INDArray[] {y});
        ComputationGraph fresh = NetworkBuilder.build(plan, 1e-3, 7);
        fresh.setParams(old.params());
        assertClose(fresh.outputSingle(false, x), old.outputSingle(false, x), "DL4J-stored parameters in our layer");
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        assertClose(actual, expected, TOLERANCE, what);
    }

    private static void assertClose(INDArray actual, INDArray expected, double tolerance, String what) {
        assertThat(actual.length()).as(what + " length").isEqualTo(expected.length());
        actual = actual.reshape(expected.shape());
        double scale = expected.norm2Number().doubleValue();
        double error = actual.sub(expected).norm2Number().doubleValue();
        assertThat(error).as(what + ": relative error").isLessThanOrEqualTo(tolerance * Math.max(scale, 1e-12));
    }
}
