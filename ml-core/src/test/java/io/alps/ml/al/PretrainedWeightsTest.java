package io.alps.ml.al;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.data.DataSplit;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.onnx.PretrainedWeights;
import io.alps.ml.popup.PopupParamInitializer;
import io.alps.ml.testdata.TestData;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained network as an experiment's start ({@code initFrom}): a LeNet-5 PyTorch exported to
 * ONNX (fixtures written by {@code onnx/make_lenet5.py}) computes PyTorch's probabilities once
 * loaded; an ALPS checkpoint round-trips; a file of another network is refused naming the first
 * layer that differs; and the experiment kinds start from the loaded weights.
 */
public class PretrainedWeightsTest {
    private static final ImageShape CIFAR = new ImageShape(3, 32, 32);
    private static final DataSplit DATA = TestData.split(400, 100, 21);

    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(PretrainedWeightsTest.class.getResource("/onnx/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NetworkState seeded(String architecture, long seed) {
        NetworkPlan plan = Architectures.get(architecture).plan(CIFAR, 10);
        return new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, seed));
    }

    @Test
    void aLeNet5ExportedByPyTorchGivesPyTorchsProbabilities() throws Exception {
        NetworkState state = InitialWeights.load(resource("lenet5_torch.onnx"), seeded("lenet5", 1),
                PretrainedWeights.Head.KEEP);
        INDArray inputs = Nd4j.createFromNpyFile(new File(resource("lenet5_inputs.npy").toUri()));
        INDArray torch = Nd4j.createFromNpyFile(new File(resource("lenet5_probabilities.npy").toUri()));

        INDArray alps = state.network().outputSingle(false, inputs);

        assertThat(alps.shape()).containsExactly(torch.shape());
        double worst = Nd4j.math().abs(alps.castTo(torch.dataType()).sub(torch)).maxNumber().doubleValue();
        assertThat(worst).as("largest difference to PyTorch's softmax").isLessThanOrEqualTo(1e-4);
        assertThat(torch.maxNumber().doubleValue()).as("fixtures far from uniform, so a wrong layer shows").isGreaterThan(0.8);
    }

    @Test
    void theOutputLayerIsNewForTheDataSetsClassesAndEverythingBeforeItLoaded() {
        NetworkState fresh = seeded("lenet5", 1);
        NetworkState loaded = InitialWeights.load(resource("lenet5_torch.onnx"), seeded("lenet5", 1),
                PretrainedWeights.Head.REPLACE);

        assertThat(values(loaded.network().getLayer("output").params()))
                .containsExactly(values(fresh.network().getLayer("output").params()));
        assertThat(loaded.network().getLayer("conv0").params()).isNotEqualTo(fresh.network().getLayer("conv0").params());
        assertThat(loaded.network().getLayer("dense5").params()).isNotEqualTo(fresh.network().getLayer("dense5").params());
    }

    @Test
    void aFileOfAnotherNetworkIsRefusedNamingTheFirstLayerThatDiffers() {
        assertThatThrownBy(() -> InitialWeights.load(resource("lenet5_torch.onnx"), seeded("conv2", 1),
                PretrainedWeights.Head.REPLACE))
                .isInstanceOf(InitialWeights.PretrainedException.class)
                .hasMessageContaining("lenet5_torch.onnx does not fit conv2")
                .hasMessageContaining("layer conv0 differs: expected weight [64, 3, 3, 3], found [6, 3, 5, 5]")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aMissingOrUnreadableFileIsNamed() throws Exception {
        Path missing = tmp.resolve("nothing.onnx");
        assertThatThrownBy(() -> InitialWeights.load(missing, seeded("lenet5", 1), PretrainedWeights.Head.REPLACE))
                .hasMessage(missing + " does not exist");
        Path junk = Files.writeString(tmp.resolve("junk.onnx"), "not a network");
        assertThatThrownBy(() -> InitialWeights.load(junk, seeded("lenet5", 1), PretrainedWeights.Head.REPLACE))
                .hasMessageStartingWith(junk + " is neither an ALPS checkpoint");
    }

    @Test
    void anAlpsFinalModelRoundTrips() throws Exception {
        NetworkState trained = seeded("lenet5", 3);
        Path file = Files.write(tmp.resolve(FinalModel.CHECKPOINT), NetworkStateCodec.toBytes(trained));

        NetworkState loaded = InitialWeights.load(file, seeded("lenet5", 9), PretrainedWeights.Head.KEEP);

        assertThat(values(loaded.network().params())).containsExactly(values(trained.network().params()));
    }

    @Test
    void aBatchNormsRunningStatisticsRoundTrip() throws Exception {
        NetworkState trained = seeded("vgg11", 3);
        INDArray images = Nd4j.randn(5, new long[] {4, 3, 32, 32});
        // Training steps move the running statistics away from their initial values.
        trained.network().fit(new org.nd4j.linalg.dataset.DataSet(images,
                Nd4j.eye(10).getRows(0, 1, 2, 3)));
        Path file = Files.write(tmp.resolve(FinalModel.CHECKPOINT), NetworkStateCodec.toBytes(trained));

        NetworkState loaded = InitialWeights.load(file, seeded("vgg11", 9), PretrainedWeights.Head.KEEP);

        INDArray expected = trained.network().outputSingle(false, images);
        double worst = Nd4j.math().abs(loaded.network().outputSingle(false, images).sub(expected)).maxNumber().doubleValue();
        assertThat(worst).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void aDenseExperimentStartsFromTheFileWithItsOwnSeededClassifier() {
        ExperimentSpec plain = ExperimentSpec.fromJson("{\"kind\":\"dense\",\"initial\":100,\"budget\":100,\"rounds\":1,"
                + "\"epochs\":1,\"batch\":32,\"seed\":3}");
        ExperimentSpec pretrained = plain.with(Map.of("initFrom", resource("lenet5_torch.onnx").toString()));
        NetworkState reference = InitialWeights.load(resource("lenet5_torch.onnx"), seeded("lenet5", 1),
                PretrainedWeights.Head.KEEP);

        NetworkState theta0 = new RoundSteps(pretrained, DATA).initialNetwork();

        assertThat(values(theta0.network().getLayer("conv2").params()))
                .containsExactly(values(reference.network().getLayer("conv2").params()));
        assertThat(values(theta0.network().getLayer("output").params()))
                .containsExactly(values(new RoundSteps(plain, DATA).initialNetwork().network().getLayer("output").params()));
    }

    @Test
    void structuredPruningRewindsToTheLoadedWeights() {
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"lth\",\"initial\":100,\"budget\":100,"
                + "\"rounds\":1,\"epochs\":1,\"batch\":32,\"seed\":3,\"pruneRatio\":0.5}")
                .with(Map.of("initFrom", resource("lenet5_torch.onnx").toString()));
        RoundSteps steps = new RoundSteps(spec, DATA);
        INDArray loaded = InitialWeights.load(resource("lenet5_torch.onnx"), seeded("lenet5", 1),
                PretrainedWeights.Head.KEEP).network().getLayer("conv0").getParam("W");
        NetworkState theta0 = steps.initialNetwork();
        NetworkState trained = theta0.copy();
        steps.train(0, trained, steps.initialLabels(), null);

        NetworkState next = steps.next(0, trained, theta0);

        INDArray w = next.network().getLayer("conv0").getParam("W");
        int[] kept = next.origins().of(0, (int) w.size(0));
        assertThat(kept).as("the cut kept some of conv0's 6 filters").hasSizeBetween(1, 5);
        for (int f = 0; f < kept.length; f++) {
            assertThat(values(w.slice(f))).as("filter " + f + " from original filter " + kept[f])
                    .containsExactly(values(loaded.slice(kept[f])));
        }
    }

    @Test
    void edgePopupChoosesAmongTheLoadedWeights() {
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"initial\":100,\"budget\":100,"
                + "\"rounds\":1,\"epochs\":1,\"batch\":32,\"seed\":3,\"k\":0.5}")
                .with(Map.of("initFrom", resource("lenet5_torch.onnx").toString()));
        NetworkState reference = InitialWeights.load(resource("lenet5_torch.onnx"), seeded("lenet5", 1),
                PretrainedWeights.Head.KEEP);

        NetworkState theta0 = new RoundSteps(spec, DATA).initialNetwork();

        for (String layer : new String[] {"conv0", "conv2", "dense4", "dense5"}) {
            assertThat(values(theta0.network().getLayer(layer).getParam(PopupParamInitializer.WEIGHT_KEY))).as(layer)
                    .containsExactly(values(reference.network().getLayer(layer).getParam("W")));
        }
    }

    /** Every number exactly (INDArray's equals allows a difference of 1e-5). */
    public static float[] values(org.nd4j.linalg.api.ndarray.INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }
}
