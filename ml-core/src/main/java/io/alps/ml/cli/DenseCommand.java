package io.alps.ml.cli;

import io.alps.ml.al.ExperimentSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dense", mixinStandardHelpOptions = true,
        description = "Active learning with the dense network: train, evaluate, select, retrain from theta0.")
final class DenseCommand implements Callable<Integer> {
    @Mixin
    ExperimentOptions options;

    @Option(names = "--keep-training",
            description = "Continue each round from the previous round's weights instead of retraining from theta0.")
    boolean keepTraining;

    @Override
    public Integer call() {
        ExperimentSpec base = options.toSpec(ExperimentSpec.DENSE);
        ExperimentSpec spec = new ExperimentSpec(base.kind(), base.dataset(), base.data(), base.dataName(),
                base.architecture(), base.seed(), base.strategy(), base.initial(), base.budget(), base.rounds(),
                base.epochs(), base.batch(), base.lr(), base.trainLimit(), base.testLimit(), keepTraining, null, null,
                null, null, null);
        return ExperimentLauncher.run(spec, options.outOrDefault(spec.kind()));
    }
}
