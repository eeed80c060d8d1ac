package io.alps.ml.cli;

import io.alps.api.kind.lth.LthOptions;
import io.alps.api.spec.OptionHelp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlpsCliTest {
    @TempDir
    Path tmp;
    @org.junit.jupiter.api.extension.RegisterExtension
    final CapturedErr err = new CapturedErr();

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
        assertThat(err.toString()).contains("k: not a sweep axis of kind 'dense' (its axes: imageSize)").doesNotContain("\tat ");
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
    void optionHelpIsTheTextTheConsolesFormShows() {
        // Help wraps at the terminal width, also inside "round(n": compare with every space left out.
        assertThat(squeezed(stdout("dense", "--help"))).contains(squeezed(OptionHelp.INITIAL), squeezed(OptionHelp.BUDGET),
                squeezed(OptionHelp.EPOCHS), squeezed(OptionHelp.SEED), squeezed(OptionHelp.STRATEGY));
        assertThat(squeezed(stdout("lth", "--help"))).contains(squeezed(OptionHelp.PRUNE_RATIO),
                squeezed(OptionHelp.REWIND), squeezed(OptionHelp.PRUNE_ROUND_TO));
        assertThat(squeezed(stdout("edge-popup", "--help"))).contains(squeezed(OptionHelp.K));
        assertThat(squeezed(stdout("sweep", "--help"))).contains(squeezed(OptionHelp.CONTROLS));
    }

    private static String squeezed(String text) {
        return text.replaceAll("\\s+", "");
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

    @Test
    void describeBuildsTheNetworkAtAnyImageSizeAndClassCount() {
        String out = stdout("describe", "--arch", "resnet18-imagenet", "--image-size", "224", "--classes", "1000");
        assertThat(out).contains("resnet18-imagenet on cifar10 (3x224x224, 1000 classes)", "64x112x112", "64x56x56")
                .endsWith(String.format("total: 11,689,512 parameters, 1,814,073,344 MACs per image%n"));
        assertThat(stdout("describe", "--arch", "conv4", "--image-size", "64"))
                .endsWith(String.format("total: 8,717,386 parameters, 393,021,952 MACs per image%n"));
        assertThat(AlpsCli.execute("describe", "--arch", "resnet18-imagenet")).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("resnet18-imagenet needs images of at least 64x64").doesNotContain("\tat ");
    }

    @Test
    void everyExperimentCommandTakesAnImageSizeCheckedAgainstItsBoundsAndNetwork() {
        for (String command : new String[] {"dense", "edge-popup", "lth"}) {
            assertThat(stdout(command, "--help").replaceAll("\\s+", " ")).as(command)
                    .contains("--image-size=N").contains("(default: 32)");
        }
        assertThat(stdout("benchmark", "--help").replaceAll("\\s+", " ")).contains("--image-size=N")
                .contains("Synthetic 3-channel images of --image-size per pass");
        assertThat(stdout("lth-bench", "--help")).contains("--image-size=N");
        assertThat(AlpsCli.execute("dense", "--image-size", "8", "--out", tmp.toString())).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("imageSize: 8 is below the smallest side, 16");
        assertThat(AlpsCli.execute("dense", "--arch", "vgg11", "--image-size", "24", "--out", tmp.toString()))
                .isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("imageSize: vgg11 needs images of at least 32x32");
        assertThat(AlpsCli.execute("dense", "--image-size", "32,64", "--out", tmp.toString())).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("one --image-size").doesNotContain("\tat ");
        assertThat(AlpsCli.execute("sweep", "dense", "--arch", "resnet18-imagenet", "--image-size", "32,64", "--out",
                tmp.toString())).isEqualTo(AlpsCli.USER_ERROR);
        assertThat(err.toString()).contains("imageSize: resnet18-imagenet needs images of at least 64x64");
    }
}
