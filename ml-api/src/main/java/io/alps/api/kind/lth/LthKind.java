package io.alps.api.kind.lth;

import io.alps.api.kind.Control;
import io.alps.api.kind.Kind;
import io.alps.api.model.NetworkPlan;
import io.alps.api.report.ArtifactSink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.sweep.Config;
import io.alps.api.sweep.SweepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structured filter pruning with lottery-ticket rewinding. Owns {@code pruneRatio}, {@code rewind},
 * {@code pruneDense} and {@code pruneRoundTo}.
 */
public final class LthKind implements Kind {
    public static final String NAME = "lth";
    public static final String RANDOM_REINIT_CONTROL = "random-reinit";
    /** Round extras: filters or units kept per pruned layer (layer name -> count). */
    public static final String KEPT = "kept";
    public static final String FLOPS = "flops";
    public static final String PARAMS = "params";
    private static final Pattern REWIND = Pattern.compile("theta0|random|keep|epoch:([1-9][0-9]*)");
    private static final Set<String> FIELDS = Set.of("pruneRatio", "rewind", "pruneDense", "pruneRoundTo");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "active learning with structured filter pruning and lottery-ticket rewinding";
    }

    @Override
    public boolean owns(String field) {
        return FIELDS.contains(field);
    }

    public static PruneSchedule schedule(ExperimentSpec spec) {
        return new PruneSchedule(spec.pruneRatio(), spec.pruneDense(), spec.pruneMultiple());
    }

    @Override
    public List<String> validate(ExperimentSpec spec) {
        List<String> errors = new ArrayList<>();
        if (!(spec.pruneRatio() >= 0 && spec.pruneRatio() < 1)) {
            errors.add("pruneRatio: must be in [0, 1) (got " + spec.pruneRatio() + ")");
        }
        if (spec.pruneMultiple() < 1) {
            errors.add("pruneRoundTo: must be >= 1, 1 meaning counts as they fall (got " + spec.pruneMultiple() + ")");
        }
        Matcher m = REWIND.matcher(spec.rewind());
        if (!m.matches()) {
            errors.add("rewind: unknown '" + spec.rewind() + "', expected theta0, epoch:E, random or keep");
        } else if (m.group(1) != null && Integer.parseInt(m.group(1)) > spec.epochs()) {
            errors.add("rewind: " + spec.rewind() + " is after the last of the " + spec.epochs() + " epochs round 0 trains");
        }
        return errors;
    }

    @Override
    public List<String> validate(ExperimentSpec spec, NetworkPlan plan) {
        return schedule(spec).validate(plan, spec.rounds());
    }

    @Override
    public List<String> servicesProblems(ExperimentSpec spec) {
        if (spec.rewind().startsWith("epoch:")) {
            // The weights after epoch E exist only inside the trainer's process while it trains.
            return List.of("rewind: '" + spec.rewind() + "' (late rewinding) runs only in one process (./alps lth); "
                    + "the services support theta0, random and keep");
        }
        return List.of();
    }

    @Override
    public Config config(ExperimentSpec spec) {
        return new Config(NAME, spec.strategy(), null, spec.pruneRatio(), spec.rewind(), null);
    }

    @Override
    public List<Map<String, Object>> variations(SweepSpec sweep) {
        List<String> rewinds = new ArrayList<>(sweep.rewinds());
        if (sweep.controls().contains(RANDOM_REINIT_CONTROL) && !rewinds.contains("random")) {
            rewinds.add("random");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (double ratio : sweep.pruneRatios()) {
            for (String rewind : rewinds) {
                out.add(Map.of("pruneRatio", ratio, "rewind", rewind));
            }
        }
        return out;
    }

    @Override
    public List<Control> controls() {
        return List.of(new Control(RANDOM_REINIT_CONTROL, "rewind random beside the chosen rewinds (structured pruning)",
                c -> c.rewind() == null || "random".equals(c.rewind()) ? null
                        : new Config(c.kind(), c.strategy(), c.k(), c.pruneRatio(), "random", c.mask())));
    }

    @Override
    public void writeRoundReports(ExperimentSpec spec, String dataset, List<RoundResult> rounds, ArtifactSink sink) {
        new LthReport(spec, dataset, schedule(spec)).write(rounds, sink);
    }
}
