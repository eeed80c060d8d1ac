package io.alps.ml.sweep;

import java.util.Map;

import io.alps.api.kind.popup.EdgePopupOptions;

import io.alps.api.sweep.Config;
import io.alps.api.sweep.SweepJson;
import io.alps.api.sweep.SweepReport;

import io.alps.api.sweep.SweepSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.data.DataSplit;
import io.alps.ml.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    @TempDir
    Path tmp;

    private static final ExperimentSpec TINY = ExperimentSpec.fromJson(
            "{\"initial\":100,\"budget\":100,\"rounds\":1,\"epochs\":1,\"batch\":32}");

    @Test
    void expandsEveryCombinationTimesEverySeedWithControls() {
        SweepSpec sweep = new SweepSpec(TINY.withKind("lth"), List.of("least-confidence", "entropy"), List.of(1L, 2L, 3L),
                Map.of("pruneRatio", List.of(0.1, 0.2)), List.of("random-reinit", "random-sampling"), null);
        // strategies {lc, entropy, random} x ratios {0.1, 0.2} x rewinds {theta0, random} x 3 seeds
        assertThat(sweep.expand()).hasSize(3 * 2 * 2 * 3);
        assertThat(sweep.configurations()).hasSize(12);
        assertThat(sweep.expand()).allMatch(m -> m.spec().kind().equals("lth"));
        assertThat(sweep.configurations().get(0).label()).isEqualTo("lth least-confidence p=0.1 rewind=theta0");
    }

    @Test
    void denseControlAddsTheDenseNetworkOnceAndIgnoresSubnetFields() {
        SweepSpec sweep = new SweepSpec(TINY.withKind("edge-popup"), null, List.of(1L, 2L), Map.of("k", List.of(0.3, 0.7)),
                List.of("dense"), null);
        assertThat(sweep.configurations()).extracting(Config::label)
                .containsExactly("edge-popup least-confidence k=0.3", "edge-popup least-confidence k=0.7",
                        "dense least-confidence");
        assertThat(sweep.expand()).hasSize(6);
    }

    @Test
    void randomMaskControlAddsAnUntrainedTwinOfEachEdgePopupConfiguration() {
        SweepSpec sweep = new SweepSpec(TINY.withKind("edge-popup"), null, List.of(1L, 2L), Map.of("k", List.of(0.3, 0.7)),
                List.of("random-mask", "dense"), null);
        assertThat(sweep.configurations()).extracting(Config::label)
                .containsExactly("edge-popup least-confidence k=0.3", "edge-popup least-confidence k=0.3 random-mask",
                        "edge-popup least-confidence k=0.7", "edge-popup least-confidence k=0.7 random-mask",
                        "dense least-confidence");
        assertThat(sweep.expand()).filteredOn(m -> m.spec().options() instanceof EdgePopupOptions o && o.randomMask()).hasSize(4)
                .allMatch(m -> m.spec().kind().equals("edge-popup"));
        Config learned = sweep.configurations().get(0);
        assertThat(learned.controlFor("random-mask")).isEqualTo(sweep.configurations().get(1));
        assertThat(sweep.configurations().get(1).controlFor("random-mask")).isNull();
        assertThat(sweep.configurations().get(1).controlFor("dense")).as("the dense comparison is the method's").isNull();
        assertThat(sweep.configurations().get(4).controlFor("random-mask")).isNull();
    }

    @Test
    void jsonSweepTakesListsOrSingleValuesForTheSweptFields() {
        SweepSpec sweep = SweepJson.parse("{\"kind\":\"edge-popup\",\"strategy\":[\"least-confidence\",\"margin\"],"
                + "\"seed\":[1,2,3],\"k\":0.3,\"epochs\":4,\"controls\":[\"random-sampling\",\"dense\"]}");
        assertThat(sweep.seeds()).containsExactly(1L, 2L, 3L);
        assertThat(sweep.values("k")).containsExactly(0.3);
        assertThat(sweep.base().epochs()).isEqualTo(4);
        assertThat(sweep.base().strategy()).isEqualTo("least-confidence");
        // {lc, margin, random} x {edge-popup k=0.3, dense} x 3 seeds
        assertThat(sweep.expand()).hasSize(3 * 2 * 3);
        assertThat(sweep.configurations()).extracting(Config::label).contains("edge-popup random k=0.3",
                "dense margin");
    }

    @Test
    void jsonSweepNamesEveryBadField() {
        assertThatThrownBy(() -> SweepJson.parse("{\"kind\":\"dense\",\"seed\":[1,\"two\",2.5],\"strategy\":[],"
                + "\"epochz\":3,\"controls\":\"magic\"}"))
                .isInstanceOf(ExperimentSpec.SpecException.class)
                .satisfies(e -> assertThat(((ExperimentSpec.SpecException) e).errors())
                        .contains("seed: expected a whole number or a list of them (got \"two\")",
                                "seed: expected a whole number or a list of them (got 2.5)", "strategy: empty list")
                        .anyMatch(m -> m.contains("epochz")));
        assertThatThrownBy(() -> SweepJson.parse("{\"kind\":\"dense\",\"controls\":[\"magic\"]}"))
                .hasMessageContaining("controls: unknown 'magic'");
        assertThatThrownBy(() -> SweepJson.parse("[1]")).hasMessageContaining("sweep: expected a JSON object");
        assertThatThrownBy(() -> SweepJson.parse("{\"seed\":")).hasMessageContaining("sweep: not valid JSON");
    }

    @Test
    void unknownControlAndBadValuesAreListed() {
        SweepSpec sweep = new SweepSpec(TINY, List.of("psychic"), List.of(1L, 1L), null, List.of("magic"), null);
        assertThat(sweep.validate()).contains(
                "controls: unknown 'magic', expected one of " + String.join(", ", SweepSpec.controlDescriptions().keySet()),
                "seed: repeated values [1, 1]",
                "dense psychic: strategy: unknown 'psychic', expected one of least-confidence, entropy, margin, random, bald, badge, coreset");
    }

    @Test
    void tinySweepRunsReportsComparisonsAndResumesWithoutRerunning() throws IOException {
        DataSplit data = TestData.split(600, 200, 4);
        SweepSpec sweep = new SweepSpec(TINY, List.of("least-confidence"), List.of(1L, 2L), null,
                List.of("random-sampling"), null);
        AtomicInteger ran = new AtomicInteger();
        SweepReport report = new SweepRunner(sweep, m -> data, tmp, null, 1)
                .run((i, n, m, skipped) -> ran.addAndGet(skipped ? 0 : 1));

        assertThat(ran.get()).isEqualTo(4);
        List<SweepReport.Comparison> cmp = report.comparisons();
        assertThat(cmp).hasSize(1);
        assertThat(cmp.get(0).configuration()).isEqualTo("dense least-confidence");
        assertThat(cmp.get(0).control()).isEqualTo("dense random");
        assertThat(cmp.get(0).aucDifference().n()).isEqualTo(2);
        assertThat(cmp.get(0).sentence()).startsWith("dense least-confidence vs dense random: ")
                .contains("points AUC, 95 % CI [").contains("n = 2 seeds");
        assertThat(Files.readAllLines(tmp.resolve(SweepReport.SUMMARY))).hasSize(3)
                .allMatch(l -> l.startsWith("configuration") || l.contains("synthetic"));
        assertThat(Files.readString(tmp.resolve(SweepReport.SWEEP_JSON))).contains("\"sweepHash\"").contains("\"seeds\"");
        assertThat(tmp.resolve(SweepReport.PLOT)).isNotEmptyFile();

        String before = Files.readString(tmp.resolve(SweepReport.MEMBERS));
        AtomicInteger rerun = new AtomicInteger();
        new SweepRunner(sweep, m -> data, tmp, null, 1).run((i, n, m, skipped) -> rerun.addAndGet(skipped ? 0 : 1));
        assertThat(rerun.get()).as("finished members are reused").isZero();
        assertThat(Files.readString(tmp.resolve(SweepReport.MEMBERS))).isEqualTo(before);
    }

    @Test
    void membersRunTwoAtATimeGiveTheResultsOfOneAtATime() throws IOException {
        DataSplit data = TestData.split(600, 200, 4);
        ExperimentSpec lth = TINY.withKind("lth").with(java.util.Map.of("rounds", 2, "pruneRatio", 0.2));
        SweepSpec sweep = new SweepSpec(lth, List.of("least-confidence"), List.of(1L, 2L, 3L), null,
                List.of("random-sampling"), null);
        Path alone = tmp.resolve("alone");
        Path together = tmp.resolve("together");
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger atOnce = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        new SweepRunner(sweep, m -> data, alone, null, 1).run(null);
        new SweepRunner(sweep, m -> data, together, m -> new io.alps.ml.al.ExperimentRunner.Listener() {
            @Override
            public void onRoundStart(int round, int labeled) {
                threads.add(Thread.currentThread().getName());
                if (round == 0) {
                    mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
                }
            }

            @Override
            public void onRoundEnd(io.alps.api.result.RoundResult r) {
                if (r.round() == 2) {
                    atOnce.decrementAndGet();
                }
            }
        }, 2).run(null);

        assertThat(mostAtOnce.get()).as("members trained at the same time").isEqualTo(2);
        assertThat(threads).hasSize(2);
        for (SweepSpec.Member m : sweep.expand()) {
            Path a = SweepRunner.memberDir(alone, m);
            Path b = SweepRunner.memberDir(together, m);
            assertThat(withoutTimings(b)).as(m.configuration().label() + " seed " + m.seed())
                    .isEqualTo(withoutTimings(a));
            String labels = io.alps.api.report.LabelFiles.LABELS;
            assertThat(Files.readString(b.resolve(labels))).isEqualTo(Files.readString(a.resolve(labels)));
        }
        assertThat(Files.readString(together.resolve(SweepReport.MEMBERS)))
                .isEqualTo(Files.readString(alone.resolve(SweepReport.MEMBERS)));
    }

    /** The round log without its two timing columns, which differ from run to run. */
    private static List<String> withoutTimings(Path member) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(member.resolve(io.alps.api.report.ActiveLearningReport.LOG))) {
            String[] cells = line.split(",", -1);
            List<String> kept = new java.util.ArrayList<>(List.of(cells));
            kept.remove(9); // select_seconds
            kept.remove(8); // train_seconds
            out.add(String.join(",", kept));
        }
        return out;
    }
}
