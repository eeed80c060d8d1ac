package io.alps.ml.prune;

import java.util.Map;

import io.alps.api.kind.lth.LthKind;

import io.alps.api.kind.lth.LthReport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.ml.al.ExperimentRunner;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.NetworkState;
import io.alps.api.result.RoundResult;
import io.alps.api.report.DirectorySink;
import io.alps.ml.cli.AlpsCli;
import io.alps.ml.data.DataSplit;
import io.alps.api.model.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lth experiment end to end on a tiny synthetic task, and its refusals of bad input. */
class LthExperimentTest {
    private static final ImageShape SMALL = new ImageShape(3, 16, 16);

    @TempDir
    Path dir;

    private static ExperimentSpec spec(double ratio, int rounds, int epochs, String rewind) {
        return ExperimentSpec.defaults(LthKind.NAME).with(Map.of("seed", 3L, "strategy", "least-confidence", "initial", 40,
                "budget", 40, "rounds", rounds, "epochs", epochs, "batch", 16, "lr", 0.005, "pruneRatio", ratio,
                "rewind", rewind));
    }

    @Test
    void roundsPruneRebuildAndWriteTheLthLayout() throws IOException {
        DataSplit split = Fixtures.tinySplit(200, 60, SMALL, 4);

        List<RoundResult> rounds = new ExperimentRunner(spec(0.3, 2, 2, "epoch:1"), split, new DirectorySink(dir), null)
                .run();

        assertThat(rounds).extracting(r -> LthReport.kept(r).get("conv0")).containsExactly(6, 4, 3);
        assertThat(rounds).extracting(r -> LthReport.kept(r).get("conv2")).containsExactly(16, 11, 8);
        assertThat(rounds).extracting(RoundResult::macs).isSortedAccordingTo((a, b) -> Long.compare(b, a))
                .doesNotHaveDuplicates();
        assertThat(rounds).extracting(RoundResult::labeled).containsExactly(40, 80, 120);
        for (String f : List.of("metrics/training_metrics.csv", "metrics/history.json", "graphs/accuracy.png",
                "graphs/loss.png", "graphs/filters_kept.png", "graphs/flops.png", "experiment_summary.txt",
                "models/round_0.zip", "models/round_2.json", "models/round_2_summary.txt", "active_learning_log.csv")) {
            assertThat(dir.resolve(f)).isNotEmptyFile();
        }
        List<String> csv = Files.readAllLines(dir.resolve("metrics/training_metrics.csv"));
        assertThat(csv.get(0)).isEqualTo(
                "round,labeled,test_accuracy,test_loss,flops,params,kept_conv0,kept_conv2,train_seconds,select_seconds");
        assertThat(csv).hasSize(4);
        assertThat(csv.get(3)).startsWith("2,120,");
        assertThat(Files.readString(dir.resolve("metrics/history.json")))
                .contains("\"kept\"", "\"conv2\" : 11", "\"trainAccuracy\"", "\"epochs\"");
        assertThat(Files.readString(dir.resolve("experiment_summary.txt")))
                .contains("rewind epoch:1", "saved", "final test accuracy");
        NetworkState last = PrunedCheckpoints.read(dir.resolve("models/round_2.zip"));
        assertThat(last.plan().width(2)).isEqualTo(8);
        assertThat(last.origins().of(2, 8)).hasSize(8);
    }

    @Test
    void pruneRoundToMovesKeptCountsOfLayersThatAreMultiples() throws IOException {
        DataSplit split = Fixtures.tinySplit(200, 60, SMALL, 4);
        ExperimentSpec spec = spec(0.3, 2, 1, "theta0").with(java.util.Map.of("pruneRoundTo", 4));

        List<RoundResult> rounds = new ExperimentRunner(spec, split, new DirectorySink(dir), null).run();

        // conv2's 16 filters (a multiple of 4): 11 and 8 as they fall -> 12 and 8; conv0's 6 keep the plain rule.
        assertThat(rounds).extracting(r -> LthReport.kept(r).get("conv2")).containsExactly(16, 12, 8);
        assertThat(rounds).extracting(r -> LthReport.kept(r).get("conv0")).containsExactly(6, 4, 3);
        assertThat(PrunedCheckpoints.read(dir.resolve("models/round_1.zip")).plan().width(2)).isEqualTo(12);
        assertThat(Files.readString(dir.resolve("experiment_summary.txt"))).contains("nearest multiple of 4");
    }

    @Test
    void ratioThatWouldRemoveEveryFilterFailsBeforeTrainingAndWritesNothing() {
        DataSplit split = Fixtures.tinySplit(200, 20, SMALL, 4);
        assertThatThrownBy(() -> new ExperimentRunner(spec(0.9, 4, 1, "theta0"), split, new DirectorySink(dir), null))
                .isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessageContaining("would remove every unit of layer conv0");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void rewindEpochAfterTheLastEpochIsRejected() {
        DataSplit split = Fixtures.tinySplit(200, 20, SMALL, 4);
        assertThatThrownBy(() -> new ExperimentRunner(spec(0.1, 1, 2, "epoch:5"), split, new DirectorySink(dir), null))
                .isInstanceOf(ExperimentSpec.SpecException.class).hasMessageContaining("rewind: epoch:5");
    }

    @Test
    void cliRejectsARatioOutsideTheUnitIntervalWithoutWritingAnything() {
        Path out = dir.resolve("runs");
        int code = AlpsCli.execute("lth", "--prune-ratio", "1.0", "--out", out.toString(), "--data", dir.toString());
        assertThat(code).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(out).doesNotExist();
        assertThat(AlpsCli.execute("lth", "--rewind", "late", "--out", out.toString())).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(out).doesNotExist();
    }

    @Test
    void benchRefusesACorruptRunBeforeMeasuring() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models/round_0.zip"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("models/round_0.json"), "{}");
        assertThat(AlpsCli.execute("lth-bench", "--run", dir.toString())).isEqualTo(AlpsCli.USER_ERROR);
        try (Stream<Path> files = Files.list(dir.resolve("models"))) {
            assertThat(files).hasSize(2);
        }
    }
}
