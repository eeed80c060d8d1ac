package io.alps.api.kind.lth;

import io.alps.api.kind.Control;
import io.alps.api.kind.Kind;
import io.alps.api.model.NetworkPlan;
import io.alps.api.report.ArtifactSink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.KindOptions;
import java.util.List;
import java.util.Set;

/** Structured filter pruning with lottery-ticket rewinding; its fields are {@link LthOptions}. */
public final class LthKind implements Kind {
    public static final String NAME = "lth";
    public static final String RANDOM_REINIT_CONTROL = "random-reinit";
    /** Round extras: filters or units kept per pruned layer (layer name -> count). */
    public static final String KEPT = "kept";
    public static final String FLOPS = "flops";
    public static final String PARAMS = "params";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "active learning with structured filter pruning and lottery-ticket rewinding";
    }

    @Override
    public Class<? extends KindOptions> optionsType() {
        return LthOptions.class;
    }

    @Override
    public Set<String> firstVersionFields() {
        return Set.of("pruneRatio", "rewind", "pruneDense");
    }

    public static PruneSchedule schedule(ExperimentSpec spec) {
        return spec.options(LthOptions.class).schedule();
    }

    @Override
    public List<String> sweepAxes() {
        return List.of("pruneRatio", "rewind");
    }

    @Override
    public List<Control> controls() {
        return List.of(Control.kindField(RANDOM_REINIT_CONTROL,
                "rewind " + Rewind.RANDOM + " beside the chosen rewinds (structured pruning)", "rewind", Rewind.RANDOM));
    }

    @Override
    public List<String> validate(ExperimentSpec spec, NetworkPlan plan) {
        return schedule(spec).validate(plan, spec.rounds());
    }

    @Override
    public List<String> servicesProblems(ExperimentSpec spec) {
        String rewind = spec.options(LthOptions.class).rewind();
        if (Rewind.late(rewind)) {
            // The weights after epoch E exist only inside the trainer's process while it trains.
            return List.of("rewind: '" + rewind + "' (late rewinding) runs only in one process (./alps lth); "
                    + "the services support " + Rewind.THETA0 + ", " + Rewind.RANDOM + " and " + Rewind.KEEP);
        }
        return List.of();
    }

    @Override
    public void writeRoundReports(ExperimentSpec spec, String dataset, List<RoundResult> rounds, ArtifactSink sink) {
        new LthReport(spec, dataset, schedule(spec)).write(rounds, sink);
    }
}
