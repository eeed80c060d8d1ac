package io.alps.api.stop;

import io.alps.api.query.LeastConfidence;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stopping criteria read, kept in each round's extras (so they are columns of the round
 * log): the agreement of this round's model with the previous one on the stop set, the largest
 * uncertainty left on it, and every criterion's verdict (1 = it would stop here).
 */
public final class StopSignals {
    /** Cohen's kappa between the predictions of this round's and the previous round's model (absent in round 0). */
    public static final String KAPPA = "stop_kappa";
    /** The largest least-confidence score on the stop set's unlabelled images (absent once all are labelled). */
    public static final String MAX_UNCERTAINTY = "stop_max_uncertainty";
    /** Images in the stop set; it is drawn once per experiment from the whole pool. */
    public static final int STOP_SET_SIZE = 1000;

    private StopSignals() {
    }

    public static String verdictKey(String criterion) {
        return "met_" + criterion.replace('-', '_');
    }

    /** A signal of a round, or null when the round does not have it. */
    public static Double value(RoundResult round, String key) {
        return round.extras().get(key) instanceof Number n ? n.doubleValue() : null;
    }

    /** Each criterion's verdict on the last of {@code rounds}, by {@link #verdictKey}. */
    public static Map<String, Object> verdicts(ExperimentSpec spec, List<RoundResult> rounds) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (StoppingCriterion c : StoppingCriteria.all()) {
            out.put(verdictKey(c.name()), c.met(spec, rounds) ? 1 : 0);
        }
        return out;
    }

    /** True when the criterion the spec acts on is met in {@code round} (its verdicts are in its extras). */
    public static boolean stopsAfter(ExperimentSpec spec, RoundResult round) {
        String chosen = spec.stopCriterion();
        return !StoppingCriteria.NONE.equals(chosen) && met(round, chosen);
    }

    private static boolean met(RoundResult round, String criterion) {
        return round.extras().get(verdictKey(criterion)) instanceof Number n && n.intValue() == 1;
    }

    /** For the round log: the criteria met in this round, e.g. "label-budget would stop here". */
    public static List<String> metIn(RoundResult round) {
        List<String> met = new ArrayList<>();
        for (StoppingCriterion c : StoppingCriteria.all()) {
            if (met(round, c.name())) {
                met.add(c.name());
            }
        }
        return met;
    }

    /**
     * The round log's line on stopping: the signals, the criteria that would stop here, and whether
     * the one the spec acts on ends the experiment, e.g.
     * "stopping: kappa 0.912, max uncertainty 0.604; met: label-budget -> stops (labels used >= 3000)".
     */
    public static String describe(ExperimentSpec spec, RoundResult round) {
        Double kappa = value(round, KAPPA);
        Double uncertainty = value(round, MAX_UNCERTAINTY);
        List<String> met = metIn(round);
        StringBuilder sb = new StringBuilder("stopping: kappa ")
                .append(kappa == null ? "-" : String.format("%.4f", kappa))
                .append(", max uncertainty ").append(uncertainty == null ? "-" : String.format("%.4f", uncertainty))
                .append("; met: ").append(met.isEmpty() ? "none" : String.join(", ", met));
        if (stopsAfter(spec, round)) {
            sb.append(" -> stops here (").append(StoppingCriteria.get(spec.stopCriterion()).describe(spec)).append(')');
        }
        return sb.toString();
    }

    /**
     * Cohen's kappa of two labelings of the same images: the agreement beyond what their class
     * frequencies give by chance. Two identical labelings give 1, also when they use one class only.
     */
    public static double kappa(int[] a, int[] b, int classes) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("kappa needs two labelings of the same images, got " + a.length
                    + " and " + b.length);
        }
        long[] countA = new long[classes];
        long[] countB = new long[classes];
        long agree = 0;
        for (int i = 0; i < a.length; i++) {
            countA[a[i]]++;
            countB[b[i]]++;
            if (a[i] == b[i]) {
                agree++;
            }
        }
        double n = a.length;
        double observed = agree / n;
        double chance = 0;
        for (int k = 0; k < classes; k++) {
            chance += (countA[k] / n) * (countB[k] / n);
        }
        return chance == 1 ? (observed == 1 ? 1 : 0) : (observed - chance) / (1 - chance);
    }

    /** The largest least-confidence score (1 - top probability) over rows of {@code classes} probabilities. */
    public static double maxLeastConfidence(float[] probabilities, int classes) {
        LeastConfidence score = new LeastConfidence();
        double max = 0;
        for (int row = 0; row + classes <= probabilities.length; row += classes) {
            max = Math.max(max, score.score(probabilities, row, classes, 0, 0));
        }
        return max;
    }
}
