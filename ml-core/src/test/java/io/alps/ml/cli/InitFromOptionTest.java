package io.alps.ml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.ml.al.FinalModel;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.testdata.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --init-from} and {@code --freeze-backbone} on an experiment command, from the command line to the final network. */
class InitFromOptionTest {
    @TempDir
    Path tmp;
    @org.junit.jupiter.api.extension.RegisterExtension
    final CapturedErr err = new CapturedErr();

    private int dense(Path data, Path out, String... more) {
        String[] common = {"dense", "--dataset", "fashion-mnist", "--data", data.toString(), "--initial", "100",
                "--budget", "100", "--epochs", "1", "--batch", "50", "--out", out.toString()};
        String[] args = java.util.Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, args, common.length, more.length);
        return AlpsCli.execute(args);
    }

    private static ComputationGraph finalNetwork(Path run) throws Exception {
        return NetworkStateCodec.fromBytes(Files.readAllBytes(run.resolve(FinalModel.CHECKPOINT)), "final model").network();
    }

    @Test
    void aFrozenRunFromAnEarlierRunsFinalModelKeepsItsBackbone() throws Exception {
        Path data = TestData.writeFashionMnist(tmp.resolve("fashion"), 400, 100);
        assertThat(dense(data, tmp.resolve("first"), "--rounds", "0")).isZero();

        assertThat(dense(data, tmp.resolve("second"), "--rounds", "1", "--init-from",
                tmp.resolve("first").resolve(FinalModel.CHECKPOINT).toString(), "--freeze-backbone")).isZero();

        ComputationGraph first = finalNetwork(tmp.resolve("first"));
        ComputationGraph second = finalNetwork(tmp.resolve("second"));
        for (Layer layer : first.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!name.equals("output") && layer.numParams() > 0) {
                assertThat(io.alps.ml.al.PretrainedWeightsTest.values(second.getLayer(name).params())).as(name)
                        .containsExactly(io.alps.ml.al.PretrainedWeightsTest.values(layer.params()));
            }
        }
        assertThat(second.getLayer("output").params()).isNotEqualTo(first.getLayer("output").params());
    }

    @Test
    void aMissingOrMismatchingFileIsOneLineNamingIt() throws Exception {
        Path data = TestData.writeFashionMnist(tmp.resolve("fashion"), 300, 50);
        Path missing = tmp.resolve("nothing.onnx");
        assertThat(dense(data, tmp.resolve("a"), "--rounds", "0", "--init-from", missing.toString()))
                .isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("alps: " + missing + " does not exist").doesNotContain("\tat ");

        Path rgb = Path.of(getClass().getResource("/onnx/lenet5_torch.onnx").toURI());
        assertThat(dense(data, tmp.resolve("b"), "--rounds", "0", "--init-from", rgb.toString()))
                .isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("layer conv0 differs: expected weight [6, 1, 5, 5], found [6, 3, 5, 5]");
    }
}
