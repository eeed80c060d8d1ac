package io.alps.ml.cli;

import java.util.LinkedHashMap;

import io.alps.api.kind.Kinds;
import java.util.ArrayList;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.DataSplit;
import io.alps.api.sweep.SweepReport;
import io.alps.ml.sweep.SweepRunner;
import io.alps.ml.util.Progress;
import io.alps.api.sweep.SweepSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs every combination of the listed values (comma-separated) over several seeds, with controls, "
                + "and reports mean and 95 %% CI per configuration and each comparison with its control.")
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", completionCandidates = Candidates.KindNames.class,
            description = "${COMPLETION-CANDIDATES}.")
    String kind;

    @Mixin
    ExperimentOptions options;

    @Option(names = "--k", description = "Edge-popup kept fractions, comma-separated (default: ${DEFAULT-VALUE}).")
    String k;

    @Option(names = "--prune-ratio", description = "Structured-pruning ratios per round, comma-separated (default: ${DEFAULT-VALUE}).")
    String pruneRatio;

    @Option(names = "--rewind", completionCandidates = Candidates.RewindValues.class,
            description = "Rewind modes, comma-separated: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String rewind;

    @Option(names = "--final-comparison",
            description = "Also run edge-popup's full-data comparison in every member (off: sweeps compare learning curves).")
    boolean finalComparison;

    @Option(names = "--controls", completionCandidates = Candidates.ControlNames.class,
            description = io.alps.api.spec.OptionHelp.CONTROLS + "; comma-separated: ${COMPLETION-CANDIDATES}.")
    String controls;

    @Option(names = "--vary", paramLabel = "FIELD=V[,V...]",
            description = "Values of one of the kind's own sweep axes, by its spec field name (e.g. k=0.3,0.5); "
                    + "repeatable. --k, --prune-ratio and --rewind are short for it; --image-size lists are an axis of every kind.")
    Map<String, String> vary;

    @Option(names = "--members-at-a-time", paramLabel = "N",
            description = "Members trained at the same time; each member's results are the same whatever N "
                    + "(default: 2 on the CPU backend, which uses two cores best, else 1).")
    Integer membersAtATime;

    /**
     * A kind's axis given by its own option ({@code --prune-ratio} sets {@code pruneRatio}); the
     * options of other kinds' axes (which always carry their defaults) are left out.
     */
    private void axis(Map<String, List<Object>> axes, String option, List<?> values) {
        if (values != null && Kinds.exists(kind) && Kinds.get(kind).sweepAxes().contains(SpecDefaults.field(option))) {
            axes.put(SpecDefaults.field(option), new ArrayList<>(values));
        }
    }

    @Override
    public Integer call() throws Exception {
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        axis(axes, "--k", k == null ? null : Lists.doubles("--k", k));
        axis(axes, "--prune-ratio", pruneRatio == null ? null : Lists.doubles("--prune-ratio", pruneRatio));
        axis(axes, "--rewind", rewind == null ? null : Lists.strings("--rewind", rewind));
        if (!options.imageSizes().isEmpty()) {
            axes.put("imageSize", new ArrayList<>(options.imageSizes()));
        }
        if (vary != null) {
            vary.forEach((field, values) -> axes.put(field, new ArrayList<>(Lists.strings("--vary " + field, values))));
        }
        Map<String, Object> first = new HashMap<>();
        axes.forEach((field, values) -> first.put(field, values.get(0)));
        first.put("finalComparison", finalComparison);
        SweepSpec sweep = new SweepSpec(options.toSpec(kind, options.seeds().get(0), options.strategies().get(0))
                        .with(first), options.strategies(), options.seeds(), axes,
                controls == null ? null : Lists.strings("--controls", controls), options.architectures());
        List<String> errors = sweep.validate();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid sweep: " + String.join("; ", errors));
        }
        Path out = options.out != null ? options.out : Path.of("runs", "sweep-" + kind);
        Backend.init();
        int atATime = membersAtATime != null ? membersAtATime : Backend.defaultRunsAtATime();
        if (atATime > 1) {
            Progress.setEnabled(false); // bars of members running together would overwrite each other
        }
        List<SweepSpec.Member> members = sweep.expand();
        Map<String, DataSplit> cache = new HashMap<>();
        SweepRunner runner = new SweepRunner(sweep, m -> cache.computeIfAbsent(
                m.spec().dataset() + "|" + m.spec().data() + "|" + m.spec().trainLimit() + "|" + m.spec().testLimit()
                        + "|" + m.spec().imageSide(),
                key -> ExperimentLauncher.load(m.spec())), out,
                m -> ExperimentLauncher.consoleListener(m.spec(), atATime > 1 ? "[" + (members.indexOf(m) + 1) + "] " : ""),
                atATime);
        System.out.printf("sweep of %d experiments (%d configurations x %d seeds), %d at a time -> %s%n", members.size(),
                sweep.configurations().size(), sweep.seeds().size(), atATime, out);
        SweepReport report = runner.run((i, n, m, skipped) -> System.out.printf("%n[%d/%d] %s, seed %d%s%n", i, n,
                m.configuration().label(), m.seed(), skipped ? ": already done, reusing its results" : ""));
        System.out.println();
        System.out.print(Files.readString(out.resolve(SweepReport.COMPARISONS_TEXT), StandardCharsets.UTF_8));
        System.out.println("aggregate report in " + out.toAbsolutePath() + " (" + report.caption() + ")");
        return 0;
    }
}
