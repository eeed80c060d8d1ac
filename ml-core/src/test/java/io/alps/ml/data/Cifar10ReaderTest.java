package io.alps.ml.data;

import io.alps.api.model.ImageShape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.ml.testdata.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsRecordsInOrderWithPlanesRedGreenBlue() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 4, 7);
        byte[] file = Files.readAllBytes(dir.resolve("data_batch_2.bin"));

        RawImages train = new Cifar10Reader(4).readTrain(dir);

        assertThat(train.size()).isEqualTo(20);
        assertThat(train.shape()).isEqualTo(new ImageShape(3, 32, 32));
        // Image 5 is record 1 of data_batch_2.bin: its label byte, then red, green, blue planes.
        int offset = Cifar10Reader.RECORD_BYTES;
        assertThat(train.labels()[5]).isEqualTo(file[offset]);
        assertThat(train.pixels()[5 * 3072]).isEqualTo(file[offset + 1]);
        assertThat(train.pixels()[5 * 3072 + 1024]).isEqualTo(file[offset + 1 + 1024]);
        assertThat(train.pixels()[5 * 3072 + 3071]).isEqualTo(file[offset + 3072]);
        assertThat(new Cifar10Reader(4).readTest(dir).size()).isEqualTo(4);
    }

    @Test
    void truncatedFileNamesFileAndRecordCounts() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 4, 7);
        byte[] full = Files.readAllBytes(dir.resolve("data_batch_3.bin"));
        Files.write(dir.resolve("data_batch_3.bin"), java.util.Arrays.copyOf(full, full.length - 100));

        assertThatThrownBy(() -> new Cifar10Reader(4).readTrain(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("data_batch_3.bin is truncated")
                .hasMessageContaining("3 records and a partial one")
                .hasMessageContaining("expected 4 records");
    }

    @Test
    void officialReaderRejectsFilesThatAreNotTenThousandRecords() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 4, 7);
        assertThatThrownBy(() -> new Cifar10Reader().readTest(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("test_batch.bin")
                .hasMessageContaining("expected 10,000 records");
    }

    @Test
    void labelOutOfRangeIsReportedWithRecord() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 4, 7);
        byte[] bytes = Files.readAllBytes(dir.resolve("test_batch.bin"));
        bytes[2 * Cifar10Reader.RECORD_BYTES] = 42;
        Files.write(dir.resolve("test_batch.bin"), bytes);

        assertThatThrownBy(() -> new Cifar10Reader(4).readTest(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("test_batch.bin: record 2 has label 42, expected 0-9");
    }

    @Test
    void missingFileSaysWhichAndHowToGetIt() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 4, 7);
        Files.delete(dir.resolve("data_batch_4.bin"));

        assertThatThrownBy(() -> new Cifar10Reader(4).readTrain(dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("missing CIFAR-10 file")
                .hasMessageContaining("data_batch_4.bin")
                .hasMessageContaining("--data");
    }

    @Test
    void readsTheOfficialTarGzLayoutDirectly() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 4, 7);
        Path archive = tarGz(dir, tmp.resolve("cifar-10-binary.tar.gz"));

        RawImages fromArchive = new Cifar10Reader(4).readTrain(archive);
        RawImages fromDir = new Cifar10Reader(4).readTrain(dir);

        assertThat(fromArchive.labels()).isEqualTo(fromDir.labels());
        assertThat(fromArchive.pixels()).isEqualTo(fromDir.pixels());
    }

    /** Packs the six files under cifar-10-batches-bin/ as the official archive does. */
    public static Path tarGz(Path dir, Path archive) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            for (String name : new String[] {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                    "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"}) {
                TarArchiveEntry entry = new TarArchiveEntry("cifar-10-batches-bin/" + name);
                byte[] bytes = Files.readAllBytes(dir.resolve(name));
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }
}
