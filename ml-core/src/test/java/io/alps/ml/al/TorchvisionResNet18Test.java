package io.alps.ml.al;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.onnx.PretrainedWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * torchvision's own ResNet-18, exported by {@code torch.onnx.export}, loads onto resnet18-imagenet
 * and computes PyTorch's probabilities; the default export, whose batch norms are folded into the
 * convolutions, is refused with the export that works. The files (45 MB each) are written at test
 * time by {@code onnx/make_resnet18.py}, so the test needs a python3 with torch and torchvision
 * (Debian: python3-torch, python3-torchvision) and is skipped where there is none.
 */
class TorchvisionResNet18Test {
    private static final ImageShape SIDE_64 = new ImageShape(3, 64, 64);
    @TempDir
    static Path exported;
    private static String failure;

    @BeforeAll
    static void exportTorchvisionsResNet18() throws Exception {
        String python = null;
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            if (run(List.of(candidate, "-c", "import torch, torchvision"), exported).exitCode == 0) {
                python = candidate;
                break;
            }
        }
        assumeTrue(python != null, "no python3 with torch and torchvision (Debian: python3-torch, python3-torchvision)");
        Path script = PretrainedWeightsTest.resource("make_resnet18.py");
        Result made = run(List.of(python, script.toString(), exported.toString()), exported);
        failure = made.exitCode == 0 ? null : made.output;
    }

    private static NetworkState resnet18ImageNet() {
        NetworkPlan plan = Architectures.get("resnet18-imagenet").plan(SIDE_64, 10);
        return new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, 5));
    }

    @Test
    void torchvisionsResNet18ExportedWithItsBatchNormsGivesPyTorchsProbabilities() throws Exception {
        assertThat(failure).as("make_resnet18.py").isNull();
        NetworkState state = InitialWeights.load(exported.resolve("resnet18_preserve.onnx"), resnet18ImageNet(),
                PretrainedWeights.Head.KEEP);
        INDArray inputs = Nd4j.createFromNpyFile(exported.resolve("inputs.npy").toFile());
        INDArray torch = Nd4j.createFromNpyFile(exported.resolve("probabilities.npy").toFile());

        INDArray alps = state.network().outputSingle(false, inputs);

        assertThat(alps.shape()).containsExactly(torch.shape());
        double worst = Nd4j.math().abs(alps.castTo(torch.dataType()).sub(torch)).maxNumber().doubleValue();
        System.out.println("torchvision ResNet-18: largest difference to PyTorch's softmax " + worst);
        assertThat(worst).as("largest difference to PyTorch's softmax").isLessThanOrEqualTo(1e-4);
        assertThat(torch.maxNumber().doubleValue()).as("probabilities far from uniform, so a wrong layer shows")
                .isGreaterThan(0.8);
    }

    @Test
    void theDefaultExportWithBatchNormsFoldedIntoTheConvolutionsIsRefusedNamingTheExportThatWorks() {
        assertThat(failure).as("make_resnet18.py").isNull();
        Path folded = exported.resolve("resnet18_folded.onnx");
        assertThatThrownBy(() -> InitialWeights.load(folded, resnet18ImageNet(), PretrainedWeights.Head.KEEP))
                .isInstanceOf(InitialWeights.PretrainedException.class)
                .hasMessageContaining("layer bn1 differs: expected a batch norm layer")
                .hasMessageContaining("TrainingMode.PRESERVE")
                .hasMessageNotContaining("\n");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
