package io.alps.stack;

import io.alps.ml.data.Cifar10Reader;
import io.alps.ml.data.DatasetLoader;
import io.alps.ml.data.FashionMnistReader;
import java.nio.file.Path;

/**
 * Chooses the demo's data: the CIFAR-10 binary files when present (the given directory, else
 * ./data/cifar-10), else Fashion-MNIST from Debian's package, else an explanation of how to get either.
 */
public final class DemoData {
    /** The data set id and directory the demo spec names. */
    public record Choice(String dataset, Path dir) {
    }

    private DemoData() {
    }

    public static Choice choose(Path given) {
        if (given != null) {
            if (Cifar10Reader.isComplete(given)) {
                return new Choice("cifar10", given.toAbsolutePath());
            }
            if (FashionMnistReader.isComplete(given)) {
                return new Choice("fashion-mnist", given.toAbsolutePath());
            }
            throw new IllegalArgumentException("--data " + given + " holds neither the CIFAR-10 binary files "
                    + "(data_batch_1.bin .. data_batch_5.bin, test_batch.bin) nor the four Fashion-MNIST IDX files");
        }
        if (Cifar10Reader.isComplete(DatasetLoader.DEFAULT_CIFAR_DIR)) {
            return new Choice("cifar10", DatasetLoader.DEFAULT_CIFAR_DIR.toAbsolutePath());
        }
        if (FashionMnistReader.isComplete(DatasetLoader.DEBIAN_FASHION_DIR)) {
            return new Choice("fashion-mnist", DatasetLoader.DEBIAN_FASHION_DIR);
        }
        throw new IllegalArgumentException("no data for the demo: pass --data DIR with the CIFAR-10 binary files "
                + "(data_batch_1.bin .. data_batch_5.bin, test_batch.bin; put them in " + DatasetLoader.DEFAULT_CIFAR_DIR
                + " to have them found), or install Fashion-MNIST with: apt-get install dataset-fashion-mnist "
                + "(it goes to " + DatasetLoader.DEBIAN_FASHION_DIR + "); or run with --no-demo");
    }
}
