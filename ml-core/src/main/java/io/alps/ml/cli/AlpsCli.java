package io.alps.ml.cli;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.backend.MemoryLimit;
import io.alps.ml.data.DataException;
import io.alps.ml.model.Checkpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./alps} command line. User errors print one clear line and exit 2, without a stack trace. */
@Command(name = "alps", mixinStandardHelpOptions = true, version = "ALPS 0.1.0",
        description = "Active learning with popup and pruned subnetworks.",
        subcommands = {DenseCommand.class, EdgePopupCommand.class, LthCommand.class, SweepCommand.class,
                BenchmarkCommand.class, LthBenchCommand.class, DescribeCommand.class, ExportCommand.class, PredictCommand.class})
public final class AlpsCli {
    public static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new AlpsCli());
        cli.setDefaultValueProvider(new SpecDefaults());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DataException || e instanceof ExperimentSpec.SpecException
                    || e instanceof Checkpoints.CheckpointException || e instanceof IllegalArgumentException
                    || e instanceof MemoryLimit.NotEnoughMemoryException) {
                cmd.getErr().println("alps: " + e.getMessage());
                return USER_ERROR;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
