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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./alps describe}: a network's layers as Keras' summary shows them, counted from the built network. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Prints a network layer by layer (name, type, output shape, parameters, MACs) and its totals, "
                + "as built for a data set's channels, an image side and a class count.")
final class DescribeCommand implements Callable<Integer> {
    @Option(names = {"--arch", "--architecture"}, paramLabel = "NAME",
            description = "Network: " + Architectures.NAMES + " (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--dataset", description = "The data set whose channels the network is built for: "
            + "cifar10 (3) or fashion-mnist (1) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin
    ImageSizeOption imageSize;

    @Option(names = "--classes", paramLabel = "C", defaultValue = "10",
            description = "Classes of the output layer (default: ${DEFAULT-VALUE}).")
    int classes;

    @Override
    public Integer call() {
        ImageShape images = DatasetKind.parse(dataset) == DatasetKind.FASHION_MNIST ? FashionMnistReader.SHAPE
                : Cifar10Reader.SHAPE;
        ImageShape input = imageSize.shape(images.channels());
        NetworkPlan plan = Architectures.get(architecture).plan(input, classes);
        System.out.printf("%s on %s (%dx%dx%d, %d classes)%n", architecture, dataset, input.channels(), input.height(),
                input.width(), classes);
        System.out.print(ModelStats.of(NetworkBuilder.build(plan, 1e-3, 1), plan).summary());
        return 0;
    }
}
