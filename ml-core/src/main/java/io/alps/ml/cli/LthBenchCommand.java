package io.alps.ml.cli;

import io.alps.ml.bench.PrunedSpeedBenchmark;
import io.alps.ml.backend.Backend;
import io.alps.api.model.ImageShape;
import io.alps.api.model.Architectures;
import io.alps.ml.model.Checkpoints.CheckpointException;
import io.alps.api.model.NetworkPlan;
import io.alps.api.kind.lth.PruneSchedule;
import io.alps.ml.prune.PrunedCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "lth-bench", mixinStandardHelpOptions = true,
        description = {"Inference images/s of each round's pruned network against the dense one, measured in one JVM, "
                + "beside the FLOP ratio.",
                "Networks come from an lth run's checkpoints (--run) or from the pruning schedule (random weights)."})
final class LthBenchCommand implements Callable<Integer> {
    private static final Pattern ROUND_ZIP = Pattern.compile("round_(\\d+)\\.zip");

    @Option(names = "--run", paramLabel = "DIR",
            description = "An lth output directory (training_logs_<timestamp>) or its models/ directory.")
    Path run;

    @Option(names = {"--arch", "--architecture"}, paramLabel = "NAME",
            description = "Network: " + io.alps.api.model.Architectures.NAMES + ", without --run (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--prune-ratio", defaultValue = "0.02", description = "Schedule ratio, without --run (default: ${DEFAULT-VALUE}).")
    double pruneRatio;

    @Option(names = "--rounds", defaultValue = "5", description = "Schedule rounds, without --run (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--prune-dense", description = "Schedule also prunes dense units, without --run.")
    boolean pruneDense;

    @Option(names = "--prune-round-to", paramLabel = "M", defaultValue = "1",
            description = "Schedule moves kept counts to multiples of M where the original width is one, without --run "
                    + "(default: ${DEFAULT-VALUE}, counts as they fall).")
    int roundTo;

    @Option(names = "--infer-batch", defaultValue = "1024", description = "Inference batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--images", defaultValue = "8192",
            description = "Synthetic images per pass, of the networks' input shape (default: ${DEFAULT-VALUE}).")
    int images;

    @Mixin
    ImageSizeOption imageSize;

    @Option(names = "--repeats", defaultValue = "7", description = "Round-robin timings per network; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--min-seconds", defaultValue = "1.0", description = "Least time per timing (default: ${DEFAULT-VALUE}).")
    double minSeconds;

    @Option(names = "--no-helpers",
            description = "Measure without DL4J's oneDNN conv/pool helpers (the plain im2col path, whose work scales with the channels).")
    boolean noHelpers;

    @Override
    public Integer call() {
        if (batch < 1 || images < 1 || repeats < 1 || !(minSeconds > 0)) {
            throw new IllegalArgumentException("--infer-batch, --images, --repeats and --min-seconds must be positive");
        }
        if (noHelpers) {
            // Read when each layer creates its helper, so it must be set before any network is built.
            System.setProperty(Backend.HELPERS_DISABLE_PROPERTY, "true");
        }
        Backend.init();
        List<PrunedSpeedBenchmark.Entry> entries = run != null ? fromRun(run) : fromSchedule();
        System.out.println(Backend.describe());
        List<PrunedSpeedBenchmark.Row> rows = PrunedSpeedBenchmark.run(entries, images, batch, repeats, minSeconds);
        System.out.printf("layer helpers in use: %s%n", rows.get(0).helpers().isEmpty() ? "none" : rows.get(0).helpers());
        System.out.printf("inference, batch %d, median of %d round-robin timings of >= %.1f s each:%n", batch, repeats,
                minSeconds);
        System.out.print(PrunedSpeedBenchmark.table(rows));
        return 0;
    }

    private List<PrunedSpeedBenchmark.Entry> fromSchedule() {
        if (rounds < 0) {
            throw new IllegalArgumentException("--rounds must be >= 0, got " + rounds);
        }
        if (roundTo < 1) {
            throw new IllegalArgumentException("--prune-round-to must be >= 1 (1 = counts as they fall), got " + roundTo);
        }
        PruneSchedule schedule = new PruneSchedule(pruneRatio, pruneDense, roundTo);
        NetworkPlan original = Architectures.get(architecture).plan(imageSize.shape(3), 10);
        List<String> errors = schedule.validate(original, rounds);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        System.out.printf("networks: %s under the schedule %s, rounds 0-%d%n", architecture, schedule.describe(), rounds);
        return PrunedSpeedBenchmark.fromSchedule(original, schedule, rounds);
    }

    /** Every round's checkpoint, all read and checked before anything is timed. */
    static List<PrunedSpeedBenchmark.Entry> fromRun(Path dir) {
        Path models = Files.isDirectory(dir.resolve("models")) ? dir.resolve("models") : dir;
        List<Path> zips;
        try (Stream<Path> files = Files.list(models)) {
            zips = files.filter(p -> ROUND_ZIP.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(LthBenchCommand::round)).toList();
        } catch (IOException e) {
            throw new CheckpointException("cannot list checkpoints in " + models + ": " + e.getMessage(), e);
        }
        if (zips.isEmpty()) {
            throw new CheckpointException("no round_<r>.zip checkpoints in " + models);
        }
        List<PrunedSpeedBenchmark.Entry> out = new ArrayList<>();
        for (Path zip : zips) {
            out.add(new PrunedSpeedBenchmark.Entry("round " + round(zip), PrunedCheckpoints.read(zip)));
        }
        System.out.printf("networks: %d checkpoints from %s%n", out.size(), models);
        return out;
    }

    private static int round(Path zip) {
        Matcher m = ROUND_ZIP.matcher(zip.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
