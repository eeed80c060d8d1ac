package io.alps.ml.cli;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.api.spec.DatasetKind;
import io.alps.ml.data.Cifar10Reader;
import io.alps.ml.data.FashionMnistReader;
import io.alps.ml.model.ModelStats;
import io.alps.ml.model.NetworkBuilder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./alps describe}: a network's layers as Keras' summary shows them, counted from the built network. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Prints a network layer by layer (name, type, output shape, parameters, MACs) and its totals, "
                + "as built for a data set's images and classes.")
final class DescribeCommand implements Callable<Integer> {
    @Option(names = {"--arch", "--architecture"}, paramLabel = "NAME",
            description = "Network: " + Architectures.NAMES + " (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--dataset", description = "The data set whose image shape and classes the network is built for: "
            + "cifar10 (3x32x32) or fashion-mnist (1x32x32, padded) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Override
    public Integer call() {
        ImageShape input = DatasetKind.parse(dataset) == DatasetKind.FASHION_MNIST ? FashionMnistReader.SHAPE
                : Cifar10Reader.SHAPE;
        NetworkPlan plan = Architectures.get(architecture).plan(input, 10);
        System.out.printf("%s on %s (%dx%dx%d, 10 classes)%n", architecture, dataset, input.channels(), input.height(),
                input.width());
        System.out.print(ModelStats.of(NetworkBuilder.build(plan, 1e-3, 1), plan).summary());
        return 0;
    }
}
