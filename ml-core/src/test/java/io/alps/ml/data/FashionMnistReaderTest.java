package io.alps.ml.data;

import io.alps.api.model.ImageShape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsGzippedIdxAndPadsTo32x32() throws IOException {
        writeSet(tmp, "train", 3, true);
        writeSet(tmp, "t10k", 2, false);

        RawImages train = new FashionMnistReader().readTrain(tmp);

        assertThat(train.size()).isEqualTo(3);
        assertThat(train.shape()).isEqualTo(new ImageShape(1, 32, 32));
        assertThat(train.labels()).containsExactly(0, 1, 2);
        // Source pixel (row 0, col 0) of image 1 lands at (2, 2); the border stays zero.
        assertThat(train.pixels()[1024 + 2 * 32 + 2] & 0xff).isEqualTo(pixel(1, 0, 0));
        assertThat(train.pixels()[1024 + 29 * 32 + 29] & 0xff).isEqualTo(pixel(1, 27, 27));
        assertThat(train.pixels()[1024]).isZero();
        assertThat(train.pixels()[1024 + 31 * 32 + 31]).isZero();
        assertThat(new FashionMnistReader().readTest(tmp).size()).isEqualTo(2);
    }

    @Test
    void wrongMagicNamesTheFile() throws IOException {
        writeSet(tmp, "train", 3, false);
        writeSet(tmp, "t10k", 2, false);
        Path labels = tmp.resolve("train-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[2] = 9;
        Files.write(labels, bytes);

        assertThatThrownBy(() -> new FashionMnistReader().readTrain(tmp))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-labels-idx1-ubyte is not an IDX file");
    }

    @Test
    void aHeaderAnnouncingMoreThanTheFileHoldsIsRefusedBeforeAnythingIsAllocated() throws IOException {
        writeSet(tmp, "train", 3, false);
        Path labels = tmp.resolve("train-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        java.nio.ByteBuffer.wrap(bytes).putInt(4, Integer.MAX_VALUE);
        Files.write(labels, bytes);

        assertThatThrownBy(() -> new FashionMnistReader().readTrain(tmp))
                .isInstanceOf(DataException.class)
                .hasMessage("train-labels-idx1-ubyte is truncated: its header announces 2,147,483,647 labels "
                        + "(2,147,483,655 bytes) but it holds 11 bytes");
    }

    @Test
    void truncatedImagesAreReported() throws IOException {
        writeSet(tmp, "train", 3, false);
        Path images = tmp.resolve("train-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length - 10));

        assertThatThrownBy(() -> new FashionMnistReader().readTrain(tmp))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte is truncated");
    }

    static int pixel(int image, int row, int col) {
        return (image * 31 + row * 7 + col) % 256;
    }

    static void writeSet(Path dir, String prefix, int n, boolean gz) throws IOException {
        String suffix = gz ? ".gz" : "";
        try (DataOutputStream out = open(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gz)) {
            out.writeInt(2049);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(i % 10);
            }
        }
        try (DataOutputStream out = open(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gz)) {
            out.writeInt(2051);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        out.writeByte(pixel(i, r, c));
                    }
                }
            }
        }
    }

    private static DataOutputStream open(Path file, boolean gz) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(gz ? new GZIPOutputStream(raw) : raw);
    }
}
