package io.alps.ml.cli;

import io.alps.api.kind.lth.LthOptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlpsCliTest {
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void captureErr() {
        savedErr = System.err;
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(savedErr);
    }

    @Test
    void badOptionsFailWithOneLineNamingEachFieldAndNoStackTrace() {
        int code = AlpsCli.execute("dense", "--strategy", "psychic", "--epochs", "0", "--out", tmp.toString());
        assertThat(code).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("alps: invalid experiment spec: strategy: unknown 'psychic'")
                .contains("epochs: must be >= 1 (got 0)")
                .doesNotContain("\tat ");
    }

    @Test
    void aSweepVariesOnlyItsKindsOwnAxesAndHelpListsTheRegisteredNames() {
        int code = AlpsCli.execute("sweep", "dense", "--vary", "k=0.3,0.5", "--out", tmp.toString());
        assertThat(code).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("k: not a sweep axis of kind 'dense' (it has none)").doesNotContain("\tat ");
        String sweepHelp = stdout("sweep", "--help").replaceAll("\\s+", " ");
        assertThat(sweepHelp).contains(String.join(", ", io.alps.api.kind.Kinds.names()),
                String.join(", ", io.alps.api.kind.Controls.names()), String.join(", ", io.alps.api.kind.lth.Rewind.VALUES));
        assertThat(stdout("dense", "--help").replaceAll("\\s+", " ")).contains(io.alps.api.query.QueryStrategies.names());
    }

    @Test
    void missingDataSaysHowToGetIt() {
        Path nowhere = tmp.resolve("nowhere");
        int code = AlpsCli.execute("dense", "--data", nowhere.toString(), "--out", tmp.resolve("out").toString());
        assertThat(code).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("alps: no CIFAR-10 data at " + nowhere).contains("--data DIR");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void helpListsEverySharedOptionWithItsDefault() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(AlpsCli.execute("dense", "--help")).isZero();
        } finally {
            System.setOut(saved);
        }
        // Help wraps at the terminal width; compare with line breaks folded into spaces.
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--data", "--dataset", "--out", "--seed", "--strategy", "--initial",
                "--budget", "--rounds", "--epochs", "--batch", "--lr", "--train-limit", "--test-limit",
                "(default: 2000)", "(default: least-confidence)");
    }

    private String stdout(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(AlpsCli.execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString();
    }

    @Test
    void optionDefaultsAreTheSpecsDefaults() {
        String help = stdout("lth", "--help").replaceAll("\\s+", " ");
        var spec = io.alps.api.spec.ExperimentSpec.defaults("lth");
        assertThat(help).contains("(default: " + spec.epochs() + ")", "(default: " + spec.options(LthOptions.class).pruneRatio() + ")",
                "(default: " + spec.options(LthOptions.class).rewind() + ")", "(default: " + spec.architecture() + ")");
        assertThat(SpecDefaults.field("--train-limit")).isEqualTo("trainLimit");
    }

    @Test
    void describePrintsEveryLayerAndTheTotalsAsTheBenchmarkCountsThem() {
        String out = stdout("describe", "--arch", "vgg11");
        assertThat(out).contains("conv0", "bn1", "pool2", "output")
                .contains("total: 9,231,114 parameters, 152,769,536 MACs per image");
        assertThat(stdout("describe", "--arch", "lenet5", "--dataset", "fashion-mnist"))
                .contains("1x32x32").contains("total: 61,706 parameters");
        assertThat(AlpsCli.execute("describe", "--arch", "resnet1000")).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("unknown architecture 'resnet1000'");
    }
}
