package io.alps.ml.al;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.report.ActiveLearningReport;
import io.alps.api.report.DirectorySink;
import io.alps.ml.data.DataSplit;
import io.alps.ml.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {
    private static final DataSplit DATA = TestData.split(1200, 300, 21);

    @TempDir
    Path tmp;

    private static ExperimentSpec tiny(String strategy) {
        return ExperimentSpec.fromJson("{\"kind\":\"dense\",\"strategy\":\"" + strategy
                + "\",\"initial\":200,\"budget\":200,\"rounds\":2,\"epochs\":3,\"batch\":32,\"seed\":3}");
    }

    @Test
    void runsEveryRoundLearnsAndWritesTheReport() throws IOException {
        List<RoundResult> rounds = new ExperimentRunner(tiny("least-confidence"), DATA, new DirectorySink(tmp), null).run();

        assertThat(rounds).extracting(RoundResult::labeled).containsExactly(200, 400, 600);
        assertThat(rounds.get(2).testAccuracy()).as("well above the 10 % of chance").isGreaterThan(0.5);
        assertThat(rounds.get(0).history()).hasSize(3);
        List<String> csv = Files.readAllLines(tmp.resolve(ActiveLearningReport.LOG));
        assertThat(csv).hasSize(4);
        assertThat(csv.get(0)).startsWith("round,labeled,test_accuracy,test_loss,");
        assertThat(csv.get(3)).startsWith("2,600,");
        byte[] png = Files.readAllBytes(tmp.resolve(ActiveLearningReport.PROGRESS));
        assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(Files.readString(tmp.resolve(ActiveLearningReport.HISTORY))).contains("\"epoch\" : 3");
    }

    @Test
    void theChosenStoppingCriterionEndsTheRunAndEveryCriterionIsLoggedEachRound() throws IOException {
        ExperimentSpec spec = tiny("least-confidence").with(java.util.Map.of("rounds", 4, "stopWhen", "label-budget",
                "labelBudget", 550));
        List<RoundResult> rounds = new ExperimentRunner(spec, DATA, new DirectorySink(tmp), null).run();

        assertThat(rounds).extracting(RoundResult::labeled).as("600 >= 550: round 2 is the last").containsExactly(200, 400, 600);
        assertThat(rounds.get(2).selectSeconds()).as("nothing is selected after the last round").isZero();
        assertThat(rounds.get(0).extras()).doesNotContainKey(io.alps.api.stop.StopSignals.KAPPA)
                .containsKey(io.alps.api.stop.StopSignals.MAX_UNCERTAINTY);
        double kappa = ((Number) rounds.get(1).extras().get(io.alps.api.stop.StopSignals.KAPPA)).doubleValue();
        assertThat(kappa).as("two models trained on the same data agree far beyond chance").isBetween(0.2, 1.0);
        List<String> csv = Files.readAllLines(tmp.resolve(ActiveLearningReport.LOG));
        assertThat(csv).hasSize(4);
        List<String> header = List.of(csv.get(0).split(","));
        assertThat(header).contains("stop_kappa", "stop_max_uncertainty", "met_label_budget", "met_max_uncertainty",
                "met_stabilising_predictions");
        int budget = header.indexOf("met_label_budget");
        assertThat(csv.subList(1, 4)).extracting(line -> line.split(",")[budget]).containsExactly("0", "0", "1");
    }

    @Test
    void sameSpecAndSeedGiveIdenticalResults() throws IOException {
        new ExperimentRunner(tiny("entropy"), DATA, new DirectorySink(tmp.resolve("a")), null).run();
        new ExperimentRunner(tiny("entropy"), DATA, new DirectorySink(tmp.resolve("b")), null).run();

        List<String> a = withoutTimes(Files.readAllLines(tmp.resolve("a").resolve(ActiveLearningReport.LOG)));
        List<String> b = withoutTimes(Files.readAllLines(tmp.resolve("b").resolve(ActiveLearningReport.LOG)));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aRoundWithDropoutTrainsTheSameWhateverRanBeforeItInTheProcess() throws IOException {
        // As in a trainer, which trains rounds of many experiments one after another.
        ExperimentSpec bald = tiny("bald").with(java.util.Map.of("dropout", 0.5, "mcSamples", 5));
        RoundSteps steps = new RoundSteps(bald, DATA);
        NetworkState theta0 = steps.initialNetwork();
        NetworkState first = theta0.copy();
        NetworkState second = theta0.copy();
        steps.train(0, first, steps.initialLabels(), null);
        org.nd4j.linalg.factory.Nd4j.rand(7, 7); // other work drawing from ND4J's generator
        steps.train(0, second, steps.initialLabels(), null);
        assertThat(second.network().params()).isEqualTo(first.network().params());
        int[] picked = steps.select(0, first, steps.initialLabels());
        org.nd4j.linalg.factory.Nd4j.rand(3, 3);
        assertThat(steps.select(0, second, steps.initialLabels())).containsExactly(picked);
    }

    @Test
    void stepsReproduceTheRunnersLabelSets() {
        RoundSteps steps = new RoundSteps(tiny("margin"), DATA);
        NetworkState theta0 = steps.initialNetwork();
        NetworkState current = theta0.copy();
        int[] labeled = steps.initialLabels();
        steps.train(0, current, labeled, null);
        int[] first = steps.select(0, current, labeled);

        RoundSteps again = new RoundSteps(tiny("margin"), DATA);
        NetworkState other = again.initialNetwork();
        again.train(0, other, again.initialLabels(), null);
        assertThat(again.select(0, other, again.initialLabels())).containsExactly(first);
        assertThat(first).hasSize(200).doesNotContain(labeled);
    }

    @Test
    void scheduleLargerThanThePoolFailsBeforeTraining() {
        ExperimentSpec big = ExperimentSpec.fromJson("{\"initial\":1000,\"budget\":500,\"rounds\":1}");
        assertThatThrownBy(() -> new ExperimentRunner(big, DATA, new DirectorySink(tmp), null))
                .isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessageContaining("exceed the training pool of 1200 samples");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void imagesOfAnotherSideThanTheSpecsAreRefusedBeforeTraining() {
        ExperimentSpec large = tiny("least-confidence").with(java.util.Map.of("imageSize", 64));
        assertThatThrownBy(() -> new ExperimentRunner(large, DATA, new DirectorySink(tmp), null))
                .isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessageContaining("imageSize: the network is for 64x64 images but ").hasMessageContaining("3x32x32 ones");
        assertThat(tmp).isEmptyDirectory();
    }

    private static List<String> withoutTimes(List<String> lines) {
        return lines.stream().map(l -> l.substring(0, nthComma(l, 8))).toList();
    }

    private static int nthComma(String s, int n) {
        int idx = -1;
        for (int i = 0; i < n; i++) {
            idx = s.indexOf(',', idx + 1);
        }
        return idx;
    }
}
