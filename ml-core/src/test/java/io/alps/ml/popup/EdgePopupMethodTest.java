package io.alps.ml.popup;

import io.alps.api.kind.popup.PopupComparisonReport;

import io.alps.api.kind.popup.PopupScoreStatsReport;

import io.alps.api.kind.popup.EdgePopupKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.alps.ml.al.ExperimentRunner;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.LabelSets;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.RoundSteps;
import io.alps.api.result.RoundResult;
import io.alps.api.report.ActiveLearningReport;
import io.alps.api.report.DirectorySink;
import io.alps.api.report.Json;
import io.alps.ml.data.DataSplit;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.testdata.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgePopupMethodTest {
    private static final DataSplit DATA = TestData.split(400, 150, 21);
    /** round(0.5 * n) over LeNet-5's five layers: 450, 2,400, 48,000, 10,080 and 840 weights. */
    private static final long KEPT_AT_HALF = 225 + 1200 + 24000 + 5040 + 420;

    @TempDir
    Path tmp;

    private static ExperimentSpec spec(double k) {
        return ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"initial\":150,\"budget\":150,\"rounds\":1,"
                + "\"epochs\":2,\"batch\":32,\"seed\":3,\"k\":" + k + "}");
    }

    @Test
    void runWritesTheReferenceFilesAndTheFullDataComparison() throws IOException {
        List<RoundResult> rounds = new ExperimentRunner(spec(0.5), DATA, new DirectorySink(tmp), null).run();

        assertThat(rounds).extracting(RoundResult::labeled).containsExactly(150, 300);
        assertThat(rounds.get(1).extras()).containsEntry(EdgePopupKind.KEPT_WEIGHTS, KEPT_AT_HALF);
        List<String> log = Files.readAllLines(tmp.resolve(ActiveLearningReport.LOG));
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).startsWith("round,labeled,test_accuracy,test_loss,").contains(",kept_weights,");
        int kept = List.of(log.get(0).split(",")).indexOf("kept_weights");
        assertThat(log.get(2)).startsWith("1,300,");
        assertThat(log.get(2).split(",")[kept]).isEqualTo(Long.toString(KEPT_AT_HALF));

        List<String> stats = Files.readAllLines(tmp.resolve(PopupScoreStatsReport.FILE));
        assertThat(stats).hasSize(1 + 2 * 5);
        assertThat(stats.get(0)).isEqualTo(String.join(",", PopupScoreStatsReport.COLUMNS));
        assertThat(stats.get(1)).startsWith("0,conv0,450,").endsWith(",");
        assertThat(stats.subList(1, 6)).extracting(l -> l.split(",")[1])
                .containsExactly("conv0", "conv2", "dense4", "dense5", "output");
        String[] dense4 = stats.get(8).split(",");
        assertThat(dense4[1]).isEqualTo("dense4");
        assertThat(Double.parseDouble(dense4[10])).isEqualTo(0.5);
        assertThat(Double.parseDouble(dense4[12])).isBetween(0.0, 1.0);

        ComputationGraph finalSubnet = Checkpoints.fromBytes(Files.readAllBytes(tmp.resolve(EdgePopupMethod.FINAL_SUBNET)), "final");
        PopupLayer conv0 = PopupNetworks.layers(finalSubnet).get(0);
        float[] npy = readNpy(tmp.resolve(EdgePopupMethod.scoresFile(1, "conv0")), "(6, 3, 5, 5)");
        assertThat(npy).isEqualTo(conv0.scores().dup('c').data().asFloat());
        assertThat(readNpy(tmp.resolve(EdgePopupMethod.scoresFile(0, "dense5")), "(120, 84)")).hasSize(120 * 84);

        JsonNode comparison = Json.mapper().readTree(tmp.resolve(PopupComparisonReport.JSON).toFile());
        assertThat(comparison.path("dataset").asText()).isEqualTo("synthetic");
        JsonNode subnet = comparison.path("subnet");
        assertThat(subnet.path("file").asText()).isEqualTo(PopupComparison.subnetFile("lenet5"));
        assertThat(subnet.path("trainImages").asInt()).isEqualTo(400);
        assertThat(subnet.path("trainableParameters").asLong()).isEqualTo(61_770);
        assertThat(subnet.path("totalParameters").asLong()).isEqualTo(2 * 61_770);
        assertThat(subnet.path("nonZeroEffectiveWeights").asLong()).isEqualTo(KEPT_AT_HALF);
        assertThat(subnet.path("convSparsity").path("conv0").asDouble()).isEqualTo(0.5);
        assertThat(subnet.path("testAccuracy").asDouble()).as("chance is 0.1").isGreaterThan(0.2);
        JsonNode dense = comparison.path("dense");
        assertThat(dense.path("trainableParameters").asLong()).isEqualTo(62_006);
        assertThat(dense.path("convSparsity").path("conv2").asDouble()).isEqualTo(0.0);
        assertThat(dense.path("trainImagesPerSecond").asDouble()).isPositive();
        assertThat(comparison.path("activeLearningSubnet").path("labeled").asInt()).isEqualTo(300);

        for (String png : List.of(ActiveLearningReport.PROGRESS, PopupComparisonReport.CHART)) {
            assertThat(Files.readAllBytes(tmp.resolve(png))).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        }
        for (String model : List.of(PopupComparison.subnetFile("lenet5"), PopupComparison.denseFile("lenet5"))) {
            assertThat(Checkpoints.read(tmp.resolve(model)).numParams()).isPositive();
        }
    }

    @Test
    void randomMaskControlKeepsTheInitialScoresAndTrainsOnlyTheDenseComparison() throws IOException {
        ExperimentSpec spec = spec(0.5).with(java.util.Map.of("mask", io.alps.api.kind.popup.EdgePopupOptions.RANDOM_MASK));
        PopupLayer initial = PopupNetworks.layers(new EdgePopupMethod().initial(spec,
                new io.alps.ml.al.RoundSteps(spec, DATA).plan()).network()).get(1);

        List<RoundResult> rounds = new ExperimentRunner(spec, DATA, new DirectorySink(tmp), null).run();

        assertThat(rounds).extracting(RoundResult::labeled).containsExactly(150, 300);
        assertThat(rounds).allSatisfy(r -> assertThat(r.history()).isEmpty());
        assertThat(rounds.get(1).extras()).containsEntry(EdgePopupKind.KEPT_WEIGHTS, KEPT_AT_HALF);
        float[] initialScores = initial.scores().dup('c').data().asFloat();
        for (int round = 0; round <= 1; round++) {
            assertThat(readNpy(tmp.resolve(EdgePopupMethod.scoresFile(round, "conv2")), "(16, 6, 5, 5)"))
                    .as("round %d scores are theta0's", round).isEqualTo(initialScores);
        }
        JsonNode comparison = Json.mapper().readTree(tmp.resolve(PopupComparisonReport.JSON).toFile());
        assertThat(comparison.path("subnet").path("name").asText()).contains("random mask (not trained)");
        assertThat(comparison.path("subnet").path("trainImages").asInt()).isZero();
        assertThat(comparison.path("subnet").path("nonZeroEffectiveWeights").asLong()).isEqualTo(KEPT_AT_HALF);
        assertThat(comparison.path("dense").path("trainImages").asInt()).isEqualTo(400);
        assertThat(comparison.has("trainCostPerImagePopupOverDense")).isFalse();
    }

    @Test
    void scoreStatsKeepNoStateBetweenRoundsSoTheServicesWriteTheSameFile() throws IOException {
        ExperimentSpec spec = spec(0.5);
        Path single = tmp.resolve("single");
        new ExperimentRunner(spec, DATA, new DirectorySink(single), null).run();

        // As the services run it: each step through a fresh RoundSteps (a fresh method instance), results
        // stored as JSON and read back, networks handed over between steps.
        Path split = tmp.resolve("split");
        DirectorySink sink = new DirectorySink(split);
        NetworkState theta0 = new RoundSteps(spec, DATA).initialNetwork();
        NetworkState current = theta0.copy();
        NetworkState previous = null;
        int[] labeled = new RoundSteps(spec, DATA).initialLabels();
        List<RoundResult> stored = new ArrayList<>();
        for (int round = 0; round <= spec.rounds(); round++) {
            RoundSteps trainer = new RoundSteps(spec, DATA);
            RoundResult result = new RoundSteps(spec, DATA).afterTraining(trainer.train(round, current, labeled, null),
                    current, previous, sink);
            stored.add(Json.mapper().readValue(Json.mapper().writeValueAsBytes(result), RoundResult.class));
            trainer.kind().writeRoundReports(spec, "synthetic", stored, sink);
            if (round < spec.rounds()) {
                labeled = LabelSets.union(labeled, new RoundSteps(spec, DATA).select(round, current, labeled));
                previous = current;
                current = new RoundSteps(spec, DATA).next(round, current, theta0);
            }
        }

        List<String> expected = Files.readAllLines(single.resolve(PopupScoreStatsReport.FILE));
        assertThat(Files.readAllLines(split.resolve(PopupScoreStatsReport.FILE))).isEqualTo(expected);
        String[] round1 = expected.get(6).split(",");
        assertThat(round1[0]).isEqualTo("1");
        assertThat(Double.parseDouble(round1[12])).as("Jaccard with round 0's mask").isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    }

    @Test
    void anInterruptedRunKeepsTheFinishedRoundsFiles() throws IOException {
        ExperimentRunner.Listener failInRoundOne = new ExperimentRunner.Listener() {
            @Override
            public void onRoundStart(int round, int labeled) {
                if (round == 1) {
                    throw new IllegalStateException("interrupted");
                }
            }
        };
        assertThatThrownBy(() -> new ExperimentRunner(spec(0.5), DATA, new DirectorySink(tmp), failInRoundOne).run())
                .hasMessage("interrupted");

        assertThat(Files.readAllLines(tmp.resolve(ActiveLearningReport.LOG))).hasSize(2);
        assertThat(Files.readAllLines(tmp.resolve(PopupScoreStatsReport.FILE))).hasSize(1 + 5);
        assertThat(tmp.resolve(EdgePopupMethod.scoresFile(0, "output"))).isRegularFile();
        assertThat(tmp.resolve(EdgePopupMethod.scoresFile(1, "output"))).doesNotExist();
        assertThat(tmp.resolve(PopupComparisonReport.JSON)).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aKThatLeavesALayerEmptyFailsBeforeTrainingOrWriting() {
        assertThatThrownBy(() -> new ExperimentRunner(spec(0.001), DATA, new DirectorySink(tmp), null).run())
                .isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessageContaining("k=0.001 keeps no weight of a layer with 450 weights (layer conv0)");
        assertThat(tmp).isEmptyDirectory();
    }

    /** Reads a float32 .npy file, checking its magic, version and header as numpy.load would. */
    static float[] readNpy(Path file, String shape) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        int major = bytes[6];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = major == 1 ? buf.getShort(8) & 0xFFFF : buf.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        assertThat(header).contains("'descr': '<f4'").contains("'fortran_order': False").contains("'shape': " + shape);
        assertThat((start + headerLen) % 16).as("numpy aligns the data to 16 bytes").isZero();
        int n = (bytes.length - start - headerLen) / 4;
        float[] out = new float[n];
        buf.position(start + headerLen);
        buf.asFloatBuffer().get(out);
        return out;
    }
}
