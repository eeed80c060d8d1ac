package io.alps.ml.cli;

import io.alps.api.validation.SpecValidation;

import io.alps.ml.al.ExperimentRunner;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.result.RoundResult;
import io.alps.api.report.ActiveLearningReport;
import io.alps.api.report.DirectorySink;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.DatasetLoader;
import io.alps.api.result.EpochMetrics;
import java.nio.file.Path;
import java.util.List;

/** Validates a spec, loads its data and runs it in this process, reporting progress on the console. */
final class ExperimentLauncher {
    private ExperimentLauncher() {
    }

    static DataSplit load(ExperimentSpec spec) {
        DataRequest request = DataRequest.of(spec);
        long t0 = System.nanoTime();
        DataSplit split = new DatasetLoader().load(request);
        System.out.printf("data: %s, %,d training / %,d test images of %s (%.1f s)%n", split.displayName(),
                split.train().size(), split.test().size(), split.train().shape(), (System.nanoTime() - t0) / 1e9);
        return split;
    }

    static int run(ExperimentSpec spec, Path out) {
        SpecValidation.requireValid(spec);
        Backend.init();
        return explainingMemory(spec, () -> {
            run(spec, load(spec), out);
            return 0;
        });
    }

    /**
     * Runs {@code body}, turning running out of memory anywhere in it (loading, training, scoring,
     * selecting) into one line naming what did not fit and the setting to raise.
     */
    static <T> T explainingMemory(ExperimentSpec spec, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (OutOfMemoryError e) {
            throw new io.alps.ml.backend.MemoryLimit.NotEnoughMemoryException(String.format(
                    "out of memory running %s at batch %d on the data set %s: this process may use %,d MB of heap "
                            + "(%s); raise ALPS_MEMORY (or lower the batch)", spec.architecture(), spec.batch(),
                    spec.data() != null ? spec.data() : spec.dataset(), Runtime.getRuntime().maxMemory() >> 20,
                    e.getMessage()), e);
        }
    }

    /** Runs a validated spec on loaded data, printing progress and the final table. */
    static List<RoundResult> run(ExperimentSpec spec, DataSplit split, Path out) {
        System.out.printf("%s experiment, strategy %s, seed %d, spec %s -> %s%n%s%n", spec.kind(), spec.strategy(),
                spec.seed(), spec.hash(), out, Backend.describe());
        List<RoundResult> rounds = new ExperimentRunner(spec, split, new DirectorySink(out), consoleListener(spec)).run();
        System.out.println();
        System.out.print(ActiveLearningReport.summaryTable(rounds));
        System.out.println("results in " + out.toAbsolutePath());
        return rounds;
    }

    static ExperimentRunner.Listener consoleListener(ExperimentSpec spec) {
        return consoleListener(spec, "");
    }

    /** {@code prefix} starts every line: it tells experiments running at the same time apart. */
    static ExperimentRunner.Listener consoleListener(ExperimentSpec spec, String prefix) {
        return new ConsoleListener(spec, prefix);
    }

    private record ConsoleListener(ExperimentSpec spec, String prefix) implements ExperimentRunner.Listener {
        @Override
        public void onRoundStart(int round, int labeled) {
            System.out.printf("%sround %d: training on %,d labeled samples%n", prefix, round, labeled);
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            System.out.printf("%s  epoch %2d  loss %.4f  train acc %.4f  test acc %.4f  (%.1f s, %,.0f img/s)%n",
                    prefix, m.epoch(), m.trainLoss(), m.trainAccuracy(), m.testAccuracy(), m.seconds(),
                    m.imagesPerSecond());
        }

        @Override
        public void onStage(String description) {
            System.out.println(prefix + description);
        }

        @Override
        public void onRoundEnd(RoundResult r) {
            // One print: lines of experiments running at the same time do not interleave inside it.
            System.out.printf("%sround %d done: test accuracy %.4f, loss %.4f (train %.1f s, select %.1f s)%n%s  %s%n",
                    prefix, r.round(), r.testAccuracy(), r.testLoss(), r.trainSeconds(), r.selectSeconds(), prefix,
                    io.alps.api.stop.StopSignals.describe(spec, r));
        }
    }
}
