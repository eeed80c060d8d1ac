package io.alps.api.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import java.util.ArrayList;
import java.util.HashMap;
import io.alps.api.validation.SpecValidation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoppingCriteriaTest {
    private static final ExperimentSpec SPEC = ExperimentSpec.defaults("dense");

    private static RoundResult round(int r, int labeled, Double kappa, Double maxUncertainty) {
        Map<String, Object> extras = new HashMap<>();
        if (kappa != null) {
            extras.put(StopSignals.KAPPA, kappa);
        }
        if (maxUncertainty != null) {
            extras.put(StopSignals.MAX_UNCERTAINTY, maxUncertainty);
        }
        return new RoundResult(r, labeled, 0.5, 1, 10, 10, List.of(), 1, 0, extras);
    }

    @Test
    void kappaIsOneForIdenticalLabelingsZeroForChanceAndNegativeForDisagreement() {
        assertThat(StopSignals.kappa(new int[] {0, 1, 2, 1}, new int[] {0, 1, 2, 1}, 3)).isEqualTo(1.0);
        assertThat(StopSignals.kappa(new int[] {2, 2, 2}, new int[] {2, 2, 2}, 3)).as("one class on both sides").isEqualTo(1.0);
        // Agreement 0.5, chance 0.5 (each side half 0, half 1): nothing beyond chance.
        assertThat(StopSignals.kappa(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, 2)).isEqualTo(0.0, within(1e-12));
        assertThat(StopSignals.kappa(new int[] {0, 1, 0, 1}, new int[] {1, 0, 1, 0}, 2)).isEqualTo(-1.0, within(1e-12));
        // 8 of 10 agree; chance = 0.5 * 0.7 + 0.5 * 0.3 = 0.5 -> (0.8 - 0.5) / 0.5 = 0.6.
        int[] a = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        int[] b = {0, 0, 0, 0, 0, 0, 1, 1, 1, 0};
        assertThat(StopSignals.kappa(a, b, 2)).isEqualTo(0.6, within(1e-12));
    }

    @Test
    void maxLeastConfidenceIsTheLeastSureRow() {
        float[] p = {0.9f, 0.05f, 0.05f, 0.4f, 0.35f, 0.25f, 0.7f, 0.2f, 0.1f};
        assertThat(StopSignals.maxLeastConfidence(p, 3)).isEqualTo(0.6, within(1e-6));
    }

    @Test
    void stabilisingPredictionsNeedsThreeConsecutiveAgreementsAboveTheThreshold() {
        StoppingCriterion c = StoppingCriteria.get(StabilisingPredictions.NAME);
        List<RoundResult> rounds = new ArrayList<>(List.of(round(0, 100, null, 0.8), round(1, 200, 0.995, 0.7),
                round(2, 300, 0.999, 0.6)));
        assertThat(c.met(SPEC, rounds)).as("two kappas only").isFalse();
        rounds.add(round(3, 400, 0.97, 0.5));
        assertThat(c.met(SPEC, rounds)).as("mean 0.988 < 0.99").isFalse();
        rounds.add(round(4, 500, 0.999, 0.5));
        rounds.add(round(5, 600, 0.999, 0.5));
        assertThat(c.met(SPEC, rounds)).as("mean of 0.97, 0.999, 0.999 is 0.9893").isFalse();
        assertThat(c.met(SPEC.with(Map.of("stopKappa", 0.985)), rounds)).isTrue();
        rounds.add(round(6, 700, 0.995, 0.5));
        assertThat(c.met(SPEC, rounds)).isTrue();
    }

    @Test
    void maxUncertaintyAndLabelBudgetReadTheLastRound() {
        List<RoundResult> rounds = List.of(round(0, 100, null, 0.3), round(1, 200, 0.9, 0.05));
        assertThat(StoppingCriteria.get(MaxUncertainty.NAME).met(SPEC, rounds)).isTrue();
        assertThat(StoppingCriteria.get(MaxUncertainty.NAME).met(SPEC, rounds.subList(0, 1))).isFalse();
        assertThat(StoppingCriteria.get(MaxUncertainty.NAME).met(SPEC, List.of(round(0, 100, null, null))))
                .as("every stop-set image labelled: no signal, no stop").isFalse();
        StoppingCriterion budget = StoppingCriteria.get(LabelBudget.NAME);
        assertThat(budget.met(SPEC, rounds)).as("no budget set").isFalse();
        assertThat(budget.met(SPEC.with(Map.of("labelBudget", 200)), rounds)).isTrue();
        assertThat(budget.met(SPEC.with(Map.of("labelBudget", 201)), rounds)).isFalse();
    }

    @Test
    void theVerdictsAreExtrasAndOnlyTheChosenCriterionStops() {
        ExperimentSpec spec = SPEC.with(Map.of("labelBudget", 200, "stopWhen", LabelBudget.NAME));
        List<RoundResult> rounds = List.of(round(0, 100, null, 0.3), round(1, 200, 0.9, 0.05));
        RoundResult judged = rounds.get(1).withExtras(StopSignals.verdicts(spec, rounds));
        assertThat(judged.extras()).containsEntry("met_label_budget", 1).containsEntry("stop_max_uncertainty", 0.05)
                .containsEntry("met_stabilising_predictions", 0);
        assertThat(StopSignals.metIn(judged)).containsExactly(MaxUncertainty.NAME, LabelBudget.NAME);
        assertThat(StopSignals.stopsAfter(spec, judged)).isTrue();
        assertThat(StopSignals.stopsAfter(SPEC, judged)).as("stopWhen none: reported only").isFalse();
        assertThat(StopSignals.describe(spec, judged)).isEqualTo("stopping: kappa 0.9000, max uncertainty 0.0500; met: "
                + "max-uncertainty, label-budget -> stops here (labels used >= 200)");
    }

    @Test
    void badStoppingFieldsAreNamed() {
        assertThat(SpecValidation.validate(SPEC.with(Map.of("stopWhen", "patience"))))
                .anySatisfy(e -> assertThat(e).startsWith("stopWhen: unknown 'patience'"));
        assertThat(SpecValidation.validate(SPEC.with(Map.of("stopWhen", LabelBudget.NAME))))
                .anySatisfy(e -> assertThat(e).contains("needs a budget"));
        assertThat(SpecValidation.validate(SPEC.with(Map.of("stopKappa", 1.5, "stopUncertainty", 0.0, "labelBudget", 0))))
                .anySatisfy(e -> assertThat(e).startsWith("stopKappa:"))
                .anySatisfy(e -> assertThat(e).startsWith("stopUncertainty:"))
                .anySatisfy(e -> assertThat(e).startsWith("labelBudget:"));
        assertThat(SPEC.with(Map.of("stopWhen", "none", "stopKappa", 0.99)).hash()).as("defaults keep old hashes")
                .isEqualTo(SPEC.hash());
    }

    @Test
    void aSweepRefusesToStopEarlyBecauseItsCurvesMustHaveTheSameRounds() {
        var sweep = new io.alps.api.sweep.SweepSpec(SPEC.with(Map.of("stopWhen", MaxUncertainty.NAME)), null,
                List.of(1L, 2L), null, List.of("random-sampling"), null);
        assertThat(sweep.validate()).anySatisfy(e -> assertThat(e).startsWith("stopWhen: a sweep compares whole learning curves"));
        assertThat(new io.alps.api.sweep.SweepSpec(SPEC, null, List.of(1L, 2L), null, List.of(), null).validate())
                .isEmpty();
    }
}
