package io.alps.api.stop;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import java.util.List;

/** The labelling budget: met once the round trained on {@code labelBudget} labels or more (never without one). */
public final class LabelBudget implements StoppingCriterion {
    public static final String NAME = "label-budget";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe(ExperimentSpec spec) {
        return spec.labelBudget() == null ? "no label budget set (labelBudget)" : "labels used >= " + spec.labelBudget();
    }

    @Override
    public boolean met(ExperimentSpec spec, List<RoundResult> rounds) {
        return spec.labelBudget() != null && rounds.get(rounds.size() - 1).labeled() >= spec.labelBudget();
    }
}
