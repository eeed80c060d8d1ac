package io.alps.ml.cli;

import io.alps.api.kind.lth.LthKind;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.OptionHelp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "lth", mixinStandardHelpOptions = true,
        description = {"Active learning with structured filter pruning and lottery-ticket rewinding: train, evaluate, "
                + "select, cut the conv filters with the smallest L1 norm, rebuild the smaller network from theta0.",
                "Writes <out>/training_logs_<timestamp>/ (metrics/, graphs/, models/, experiment_summary.txt)."})
final class LthCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    @Mixin
    ExperimentOptions options;

    @Option(names = "--prune-ratio", paramLabel = "P",
            description = OptionHelp.PRUNE_RATIO + " (default: ${DEFAULT-VALUE}).")
    double pruneRatio;

    @Option(names = "--rewind", paramLabel = "MODE", completionCandidates = Candidates.RewindValues.class,
            description = OptionHelp.REWIND + " (default: ${DEFAULT-VALUE}).")
    String rewind;

    @Option(names = "--prune-dense", description = "Also prune the hidden dense layers' units by the same rule.")
    boolean pruneDense;

    @Option(names = "--prune-round-to", paramLabel = "M", defaultValue = "1",
            description = OptionHelp.PRUNE_ROUND_TO + " (default: ${DEFAULT-VALUE}).")
    int pruneRoundTo;

    @Override
    public Integer call() {
        ExperimentSpec spec = options.toSpec(LthKind.NAME).with(java.util.Map.of("pruneRatio", pruneRatio,
                "rewind", rewind, "pruneDense", pruneDense, "pruneRoundTo", pruneRoundTo));
        return ExperimentLauncher.run(spec, runDirectory(options.outOrDefault(spec.kind())));
    }

    /** A fresh {@code training_logs_<timestamp>} directory name under {@code out}; never reuses a finished run's. */
    static Path runDirectory(Path out) {
        String base = "training_logs_" + LocalDateTime.now().format(STAMP);
        Path dir = out.resolve(base);
        for (int n = 2; Files.exists(dir); n++) {
            dir = out.resolve(base + "_" + n);
        }
        return dir;
    }
}
