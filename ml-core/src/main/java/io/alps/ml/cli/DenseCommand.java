package io.alps.ml.cli;

import io.alps.api.kind.DenseKind;

import io.alps.api.spec.ExperimentSpec;
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
        ExperimentSpec spec = options.toSpec(DenseKind.NAME).with(java.util.Map.of("keepTraining", keepTraining));
        return ExperimentLauncher.run(spec, options.outOrDefault(spec.kind()));
    }
}
