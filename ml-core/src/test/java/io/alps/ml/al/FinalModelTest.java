package io.alps.ml.al;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.kind.lth.LthKind;
import io.alps.api.report.DirectorySink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.data.DataSplit;
import io.alps.ml.onnx.OnnxRuntimeRun;
import io.alps.ml.testdata.TestData;
import io.alps.ml.train.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An experiment leaves the network it ended with beside its reports: as an ALPS checkpoint that
 * reads back as the last round's network, and as ONNX that computes what that network computes.
 */
class FinalModelTest {
    private static final DataSplit DATA = TestData.split(240, 80, 21);

    @TempDir
    Path dir;

    private static ExperimentSpec spec(String kind) {
        ExperimentSpec base = ExperimentSpec.defaults(kind).with(Map.of("seed", 3L, "strategy", "least-confidence",
                "initial", 80, "budget", 80, "rounds", 1, "epochs", 1, "batch", 16));
        return LthKind.NAME.equals(kind) ? base.with(Map.of("pruneRatio", 0.3)) : base;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense", LthKind.NAME})
    void theLastRoundsNetworkIsWrittenAsCheckpointAndOnnx(String kind) throws Exception {
        List<RoundResult> rounds = new ExperimentRunner(spec(kind), DATA, new DirectorySink(dir), null).run();

        NetworkState restored = NetworkStateCodec.fromBytes(Files.readAllBytes(dir.resolve(FinalModel.CHECKPOINT)),
                FinalModel.CHECKPOINT);
        RoundResult last = rounds.get(rounds.size() - 1);
        assertThat(Evaluator.evaluate(restored.network(), DATA.test()).accuracy()).as("the last round's network")
                .isEqualTo(last.testAccuracy());
        assertThat(io.alps.ml.model.ModelStats.of(restored.network(), restored.plan()).parameters()).isEqualTo(last.parameters());
        if (LthKind.NAME.equals(kind)) {
            assertThat(last.parameters()).as("round 1 runs the network pruned once").isLessThan(rounds.get(0).parameters());
        }

        INDArray images = DATA.test().features(0, 8);
        INDArray alps = restored.network().outputSingle(false, images);
        float[][] onnx;
        try (OnnxRuntimeRun run = new OnnxRuntimeRun(Files.readAllBytes(dir.resolve(FinalModel.ONNX)))) {
            onnx = run.probabilities(images);
        }
        for (int i = 0; i < onnx.length; i++) {
            for (int c = 0; c < onnx[i].length; c++) {
                assertThat((double) onnx[i][c]).isCloseTo(alps.getDouble(i, c), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }
}
