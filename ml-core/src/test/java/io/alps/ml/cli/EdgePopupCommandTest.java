package io.alps.ml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.kind.popup.KSweepReport;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgePopupCommandTest {
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedErr;
    private PrintStream savedOut;

    @BeforeEach
    void capture() {
        savedErr = System.err;
        savedOut = System.out;
        System.setErr(new PrintStream(err, true));
        System.setOut(new PrintStream(out, true));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        System.setOut(savedOut);
    }

    @Test
    void aKListRunsOneExperimentPerKAndWritesTheSweep() throws IOException {
        Path data = io.alps.ml.testdata.TestData.writeFashionMnist(tmp.resolve("fashion"), 500, 100);
        Path runs = tmp.resolve("sweep");
        int code = AlpsCli.execute("edge-popup", "--dataset", "fashion-mnist", "--data", data.toString(), "--k", "0.3,0.7", "--initial", "100",
                "--budget", "100", "--rounds", "1", "--epochs", "1", "--batch", "50", "--no-comparison",
                "--out", runs.toString());

        assertThat(code).as(err.toString()).isZero();
        List<String> sweep = Files.readAllLines(runs.resolve(KSweepReport.CSV));
        assertThat(sweep).hasSize(3);
        assertThat(sweep.get(0)).isEqualTo(String.join(",", KSweepReport.COLUMNS));
        assertThat(sweep.get(1)).startsWith("0.3,k0.3,200,");
        assertThat(sweep.get(2)).startsWith("0.7,k0.7,200,");
        assertThat(runs.resolve("k0.3").resolve("active_learning_log.csv")).isRegularFile();
        assertThat(runs.resolve("k0.7").resolve("popup_scores_iter1_output.npy")).isRegularFile();
        assertThat(runs.resolve("k0.7").resolve("comparison.json")).doesNotExist();
        assertThat(Files.readAllBytes(runs.resolve(KSweepReport.CHART))).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void badKUnknownStrategyAndMissingDataFailBeforeAnyWork() {
        Path outDir = tmp.resolve("out");
        assertThat(AlpsCli.execute("edge-popup", "--k", "0.5,1.5,0", "--strategy", "psychic", "--out", outDir.toString()))
                .isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("k: must be in (0, 1] (got 1.5)").contains("k: must be in (0, 1] (got 0.0)")
                .contains("strategy: unknown 'psychic'").doesNotContain("\tat ");

        Path nowhere = tmp.resolve("nowhere");
        assertThat(AlpsCli.execute("edge-popup", "--data", nowhere.toString(), "--out", outDir.toString()))
                .isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("no CIFAR-10 data at " + nowhere);
        assertThat(outDir).doesNotExist();
    }

    @Test
    void aBudgetBeyondThePoolFailsAfterReadingTheDataButBeforeTraining() throws IOException {
        Path data = io.alps.ml.testdata.TestData.writeFashionMnist(tmp.resolve("fashion"), 100, 20);
        Path outDir = tmp.resolve("out");
        assertThat(AlpsCli.execute("edge-popup", "--dataset", "fashion-mnist", "--data", data.toString(), "--initial", "50", "--budget", "60",
                "--rounds", "1", "--out", outDir.toString())).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("exceed the training pool of 100 samples");
        assertThat(outDir).doesNotExist();
    }

}
