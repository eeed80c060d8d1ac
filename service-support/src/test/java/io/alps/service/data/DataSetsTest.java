package io.alps.service.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.data.DatasetInfo;
import io.alps.api.data.DatasetLayout;
import io.alps.api.spec.DatasetKind;
import io.alps.infra.TinyFashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataSetsTest {

    /** CIFAR-10's binary layout with {@code records} records per file (zeros; only sizes matter here). */
    private static Path cifar(Path dir, int records) throws Exception {
        Files.createDirectories(dir);
        for (String f : DatasetLayout.CIFAR_TRAIN_FILES) {
            Files.write(dir.resolve(f), new byte[records * DatasetLayout.CIFAR_RECORD_BYTES]);
        }
        Files.write(dir.resolve(DatasetLayout.CIFAR_TEST_FILE), new byte[records * DatasetLayout.CIFAR_RECORD_BYTES]);
        return dir;
    }

    @Test
    void everyDataSetFolderInTheRootAndEveryPairIsRegisteredAndDescribed() throws Exception {
        Path root = Files.createTempDirectory("data-root");
        cifar(root.resolve("cifar-10"), 3);
        Files.createDirectories(root.resolve("notes"));
        for (String f : List.of("train/cat/a.png", "train/cat/b.jpg", "train/dog/c.png", "test/dog/d.png", "unlabeled/e.png")) {
            Files.createDirectories(root.resolve("pets").resolve(f).getParent());
            Files.write(root.resolve("pets").resolve(f), new byte[1]); // counted by name; read by the trainer
        }
        Path fashion = TinyFashionMnist.write(Files.createTempDirectory("elsewhere").resolve("fm"), 12, 4, 1);
        DataSets sets = new DataSets(Optional.of(root), List.of("shirts=" + fashion));

        assertThat(sets.names()).containsExactly("cifar-10", "pets", "shirts");
        assertThat(sets.find("pets").orElseThrow().kind()).isEqualTo(DatasetKind.FOLDER);
        assertThat(sets.find("cifar-10").orElseThrow().kind()).isEqualTo(DatasetKind.CIFAR10);
        assertThat(sets.folder("shirts")).isEqualTo(fashion);
        assertThat(sets.folder(null)).as("no data named: the default place").isNull();
        assertThat(sets.describe()).containsExactly(
                new DatasetInfo("cifar-10", "cifar10", List.of(3, 32, 32), 10, DatasetLayout.CIFAR_CLASSES, 15, 3),
                new DatasetInfo("pets", "folder", List.of(3, 32, 32), 2, List.of("cat", "dog"), 3, 1),
                new DatasetInfo("shirts", "fashion-mnist", List.of(1, 32, 32), 10, DatasetLayout.FASHION_CLASSES, 12, 4));
        assertThatThrownBy(() -> sets.folder("nope")).hasMessage(
                "no data set named 'nope' is registered here (alps.data.sets, alps.data.root); registered: cifar-10, pets, shirts");
    }

    @Test
    void aBadNameStopsTheStartAndAFolderWithoutDataIsKeptButUnusable() throws Exception {
        Path empty = Files.createTempDirectory("empty");
        DataSets withEmpty = new DataSets(Optional.empty(), List.of("x=" + empty));
        assertThat(withEmpty.find("x").orElseThrow().usable()).as("kept, so a spec naming it hears why").isFalse();
        assertThat(withEmpty.describe()).isEmpty();
        Path fashion = TinyFashionMnist.write(Files.createTempDirectory("fm"), 12, 4, 1);
        assertThatThrownBy(() -> new DataSets(Optional.empty(), List.of("../x=" + fashion)))
                .hasMessageContaining("'../x' is not a data set name");
        assertThatThrownBy(() -> new DataSets(Optional.empty(), List.of("a=" + fashion, "a=" + fashion)))
                .hasMessage("data set 'a' is registered twice");
        assertThatThrownBy(() -> new DataSets(Optional.empty(), List.of("just-a-name")))
                .hasMessageContaining("is not name=folder");
        assertThat(DataSets.isPath("/etc")).isTrue();
        assertThat(DataSets.isPath("..\\x")).isTrue();
        assertThat(DataSets.isPath("cifar-10")).isFalse();
    }

    @Test
    void aTruncatedCifarFileIsNamedWhenDescribed() throws Exception {
        Path dir = cifar(Files.createTempDirectory("cut").resolve("c"), 2);
        Files.write(dir.resolve(DatasetLayout.CIFAR_TEST_FILE), new byte[100]);
        assertThatThrownBy(() -> DatasetLayout.describe("c", dir))
                .hasMessage("test_batch.bin is 100 bytes, not a whole number of 3073-byte CIFAR-10 records");
    }
}
