package io.alps.ml.data;

import io.alps.api.spec.DatasetKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.alps.ml.testdata.TestData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class DatasetLoaderTest {
    @TempDir
    Path tmp;

    private DatasetLoader loader() {
        return new DatasetLoader(DownloadSource.CIFAR10, tmp.resolve("unused"), 20);
    }

    @Test
    void standardisesEachChannelWithTrainingStatistics() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 20, 1);
        DataSplit split = loader().load(DataRequest.of(DatasetKind.CIFAR10, dir));

        INDArray x = split.train().features(0, split.train().size()); // [n, 3, 32, 32]
        for (int c = 0; c < 3; c++) {
            INDArray channel = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c));
            assertThat(channel.meanNumber().doubleValue()).isCloseTo(0, within(1e-4));
            assertThat(channel.stdNumber().doubleValue()).isCloseTo(1, within(1e-2));
        }
        assertThat(split.displayName()).isEqualTo("CIFAR-10");
    }

    @Test
    void limitsKeepTheFirstImagesAndIdsAreIndices() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 20, 1);
        DataSplit all = loader().load(DataRequest.of(DatasetKind.CIFAR10, dir));
        DataSplit some = loader().load(new DataRequest(DatasetKind.CIFAR10, dir, 30, 7, "my name"));

        assertThat(some.train().size()).isEqualTo(30);
        assertThat(some.test().size()).isEqualTo(7);
        assertThat(some.displayName()).isEqualTo("my name");
        for (int id = 0; id < 30; id++) {
            assertThat(some.train().label(id)).isEqualTo(all.train().label(id));
        }
    }

    @Test
    void gatheredBatchEqualsTheRowsById() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 20, 1);
        Dataset train = loader().load(DataRequest.of(DatasetKind.CIFAR10, dir)).train();

        INDArray batch = train.features(new int[] {17, 3});
        assertThat(batch.shape()).containsExactly(2, 3, 32, 32);
        assertThat(batch.slice(0)).isEqualTo(train.features(17, 18).slice(0));
        assertThat(batch.slice(1)).isEqualTo(train.features(3, 4).slice(0));
        assertThat(train.oneHotLabels(new int[] {17}).getFloat(0, train.label(17))).isEqualTo(1f);
    }

    @Test
    void unknownDatasetAndMissingDirectoriesAreClearErrors() {
        assertThatThrownBy(() -> DatasetKind.parse("imagenet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown dataset 'imagenet'")
                .hasMessageContaining("cifar10, fashion-mnist");
        Path nowhere = tmp.resolve("nowhere");
        assertThatThrownBy(() -> loader().load(DataRequest.of(DatasetKind.CIFAR10, nowhere)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("no CIFAR-10 data at " + nowhere);
        assertThatThrownBy(() -> loader().load(DataRequest.of(DatasetKind.FASHION_MNIST, nowhere)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("no Fashion-MNIST IDX files in " + nowhere)
                .hasMessageContaining("dataset-fashion-mnist");
    }
}
