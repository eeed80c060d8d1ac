package io.alps.ml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.al.FinalModel;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.artifacts.Npy;
import io.alps.ml.model.NetworkBuilder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code ./alps predict} gives a network's probabilities for a .npy batch, from a checkpoint or an ONNX file. */
class PredictCommandTest {
    @TempDir
    Path tmp;
    @org.junit.jupiter.api.extension.RegisterExtension
    final CapturedErr err = new CapturedErr();

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PredictCommandTest.class.getResource("/onnx/" + name).toURI());
    }

    private static double worst(INDArray a, INDArray b) {
        return Nd4j.math().abs(a.castTo(b.dataType()).sub(b)).maxNumber().doubleValue();
    }

    @Test
    void anOnnxFileFromPyTorchGivesPyTorchsProbabilities() throws Exception {
        Path out = tmp.resolve("p/probabilities.npy");

        assertThat(AlpsCli.execute("predict", "--model", resource("lenet5_torch.onnx").toString(), "--arch", "lenet5",
                "--input", resource("lenet5_inputs.npy").toString(), "--out", out.toString())).isZero();

        INDArray torch = Npy.read(resource("lenet5_probabilities.npy"));
        INDArray written = Npy.read(out);
        assertThat(written.shape()).containsExactly(4, 10);
        assertThat(worst(written, torch)).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void anAlpsCheckpointGivesItsNetworksProbabilities() throws Exception {
        NetworkPlan plan = Architectures.get("conv2").plan(new ImageShape(3, 32, 32), 10);
        NetworkState state = new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, 4));
        Path model = Files.write(tmp.resolve(FinalModel.CHECKPOINT), NetworkStateCodec.toBytes(state));
        INDArray images = Nd4j.randn(3, new long[] {1500, 3, 32, 32}).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        Path input = Files.write(tmp.resolve("x.npy"), Npy.toBytes(images));
        Path out = tmp.resolve("y.npy");

        assertThat(AlpsCli.execute("predict", "--model", model.toString(), "--input", input.toString(),
                "--out", out.toString())).isZero();

        assertThat(worst(Npy.read(out), state.network().outputSingle(false, images))).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void badInputIsNamed() throws Exception {
        Path onnx = resource("lenet5_torch.onnx");
        Path out = tmp.resolve("y.npy");
        assertThat(AlpsCli.execute("predict", "--model", onnx.toString(), "--input",
                resource("lenet5_inputs.npy").toString(), "--out", out.toString())).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("is an ONNX file: name its network with --arch");

        Path wrong = Files.write(tmp.resolve("gray.npy"), Npy.toBytes(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT,
                2, 1, 32, 32)));
        assertThat(AlpsCli.execute("predict", "--model", onnx.toString(), "--arch", "lenet5", "--input",
                wrong.toString(), "--out", out.toString())).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains(wrong + " holds an array of shape [2, 1, 32, 32]; lenet5 takes N x 3 x 32 x 32");

        assertThat(AlpsCli.execute("predict", "--model", onnx.toString(), "--arch", "conv2", "--input",
                resource("lenet5_inputs.npy").toString(), "--out", out.toString())).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("layer conv0 differs: expected weight [64, 3, 3, 3], found [6, 3, 5, 5]");
        assertThat(out).doesNotExist();
    }
}
