package io.alps.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.alps.api.kind.lth.PruneSchedule;
import io.alps.ml.al.NetworkState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exported files pass ONNX's own checker with its full check (types and shapes inferred through
 * the whole graph), as the reference implementation reads them. Needs Python 3 with the onnx
 * package (Debian: python3-onnx); skipped where there is none.
 */
class OnnxCheckerTest {
    private static final String CHECK = "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)";
    private static String python;

    @BeforeAll
    static void findPythonWithOnnx() {
        // The interpreter first on the PATH may be another one than the system's, which Debian's package serves.
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            if (run(List.of(candidate, "-c", "import onnx")).exitCode() == 0) {
                python = candidate;
                return;
            }
        }
    }

    static Stream<Arguments> networks() {
        return Stream.of(
                network("LeNet-5", () -> OnnxExportTest.dense("lenet5")),
                network("Conv-4 pruned twice", () -> OnnxExportTest.prunedTwice(OnnxExportTest.dense("conv4"),
                        new PruneSchedule(0.3, true))),
                network("edge-popup Conv-4", OnnxExportTest::popupConv4),
                network("VGG-11", () -> OnnxExportTest.dense("vgg11")),
                network("ResNet-18 pruned twice", () -> OnnxExportTest.prunedTwice(OnnxExportTest.dense("resnet18"),
                        new PruneSchedule(0.3, false))),
                network("ResNet-18 with the ImageNet stem at 64 px", () -> OnnxExportTest.dense("resnet18-imagenet",
                        new io.alps.api.model.ImageShape(3, 64, 64))));
    }

    private static Arguments network(String name, Supplier<NetworkState> make) {
        return Arguments.of(Named.of(name, make));
    }

    @ParameterizedTest
    @MethodSource("networks")
    void theExportedFilePassesOnnxsFullCheck(Supplier<NetworkState> make, @TempDir Path dir) {
        assumeTrue(python != null, "no python3 with the onnx package (Debian: python3-onnx)");
        NetworkState state = make.get();
        Path file = dir.resolve("model.onnx");
        OnnxExporter.write(state.plan(), state.network(), file);
        Result checked = run(List.of(python, "-c", CHECK, file.toString()));
        assertThat(checked.exitCode()).as("onnx.checker on the exported file: " + checked.output()).isZero();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + output);
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
