package io.alps.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a data set folder is checked for before anything is decoded: image headers, class names, IDX sizes. */
class DataChecksTest {
    @TempDir
    Path dir;

    /** A 1x1 PNG whose header claims {@code width} x {@code height}. */
    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
        byte[] png = out.toByteArray();
        ByteBuffer.wrap(png).putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        return png;
    }

    private Path image(String path, byte[] bytes) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    @Test
    void anImageIsMeasuredByItsHeaderAndRefusedPastThePixelLimitNamingFileSizeAndLimit() throws IOException {
        Path huge = image("train/cat/huge.png", png(40_000, 40_000));
        assertThat(ImageHeaders.read(huge, "train/cat/huge.png")).isEqualTo(new ImageHeaders.Size(40_000, 40_000));
        image("train/cat/fine.png", png(640, 480));
        image("test/cat/fine.png", png(64, 64));

        assertThatThrownBy(() -> ImageHeaders.checkFolder(dir, "shapes/", ImageHeaders.DEFAULT_MAX_PIXELS))
                .isInstanceOf(DataLimitExceeded.class)
                .hasMessage("shapes/train/cat/huge.png: 40000 x 40000 pixels (1,600,000,000) is more than the limit of "
                        + "40,000,000 pixels per image");
        Files.delete(huge);
        ImageHeaders.checkFolder(dir, ImageHeaders.DEFAULT_MAX_PIXELS);
        assertThatThrownBy(() -> ImageHeaders.checkFolder(dir, 300_000)).isInstanceOf(DataLimitExceeded.class)
                .hasMessageStartingWith("train/cat/fine.png: 640 x 480 pixels (307,200)");
    }

    @Test
    void aFileThatIsNoImageIsNamed() throws IOException {
        Path fake = image("train/cat/notes.png", "just text".getBytes());
        assertThatThrownBy(() -> ImageHeaders.read(fake, "train/cat/notes.png")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("train/cat/notes.png: not an image this reader knows (PNG, JPEG, BMP or GIF)");
    }

    @Test
    void classNamesKeepWhatPeopleWriteButNotControlCharactersOrMoreThanAHundredCharacters() throws IOException {
        image("train/Crème brûlée (1) <b>/a.png", png(8, 8));
        image("train/cat & dog, \"mixed\"/a.png", png(8, 8));
        image("test/cat & dog, \"mixed\"/a.png", png(8, 8));
        assertThat(DatasetLayout.describe("mine", dir).classNames())
                .containsExactly("Crème brûlée (1) <b>", "cat & dog, \"mixed\"");

        image("train/bell\u0007/a.png", png(8, 8));
        assertThatThrownBy(() -> DatasetLayout.describe("mine", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("train/bell\\u0007: a class name may not hold control characters (U+0007)");
        Files.delete(dir.resolve("train/bell\u0007/a.png"));
        Files.delete(dir.resolve("train/bell\u0007"));

        String longName = "é".repeat(101);
        image("test/" + longName + "/a.png", png(8, 8));
        assertThatThrownBy(() -> DatasetLayout.describe("mine", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test/" + longName + ": a class name of 101 characters is longer than the limit of 100");
        Files.move(dir.resolve("test/" + longName), dir.resolve("train/" + "é".repeat(100)));
        assertThat(DatasetLayout.describe("mine", dir).classes()).isEqualTo(3);
    }

    private static void idx(Path file, int magic, int count, int dims, int bytes) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(magic);
            out.writeInt(count);
            for (int i = 0; i < dims; i++) {
                out.writeInt(28);
            }
            out.write(new byte[bytes]);
        }
    }

    private void fashion(String suffix, int trainLabels, int trainLabelBytes) throws IOException {
        idx(dir.resolve("train-labels-idx1-ubyte" + suffix), 2049, trainLabels, 0, trainLabelBytes);
        idx(dir.resolve("train-images-idx3-ubyte" + suffix), 2051, 3, 2, 3 * 784);
        idx(dir.resolve("t10k-labels-idx1-ubyte" + suffix), 2049, 2, 0, 2);
        idx(dir.resolve("t10k-images-idx3-ubyte" + suffix), 2051, 2, 2, 2 * 784);
    }

    @Test
    void aFolderDataSetNeedsImagesInEveryTrainingClassAndOnlyTrainingClassesInTest() throws IOException {
        image("train/cat/a.png", png(8, 8));
        image("test/cat/a.png", png(8, 8));
        Files.createDirectories(dir.resolve("train/dog"));
        assertThatThrownBy(() -> DatasetLayout.describe("mine", dir))
                .hasMessage("train/dog: no images in this class folder (PNG, JPEG, BMP or GIF)");
        image("train/dog/a.png", png(8, 8));
        image("test/fox/a.png", png(8, 8));
        assertThatThrownBy(() -> DatasetLayout.describe("mine", dir))
                .hasMessage("test/fox: class 'fox' is not among train/'s classes (cat, dog)");
    }

    @Test
    void idxHeadersMustAnnounceExactlyWhatTheFilesHold() throws IOException {
        fashion("", 3, 3);
        assertThat(DatasetLayout.describe("fm", dir).train()).isEqualTo(3);

        fashion("", 1_000_000_000, 3);
        assertThatThrownBy(() -> DatasetLayout.describe("fm", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("train-labels-idx1-ubyte is truncated: its header announces 1,000,000,000 labels "
                        + "(1,000,000,008 bytes) but it holds 11 bytes");

        fashion("", 3, 50);
        assertThatThrownBy(() -> DatasetLayout.describe("fm", dir))
                .hasMessage("train-labels-idx1-ubyte holds 58 bytes but its header announces 3 labels (11 bytes)");
    }

    @Test
    void gzippedIdxFilesAreMeasuredUnpacked() throws IOException {
        fashion(".gz", 3, 3);
        assertThat(DatasetLayout.describe("fm", dir).test()).isEqualTo(2);
        idx(dir.resolve("train-images-idx3-ubyte.gz"), 2051, 3, 2, 2 * 784);
        assertThatThrownBy(() -> DatasetLayout.describe("fm", dir))
                .hasMessage("train-images-idx3-ubyte.gz is truncated: its header announces 3 images (2,368 bytes) "
                        + "but it holds 1,584 bytes unpacked");
        idx(dir.resolve("train-images-idx3-ubyte.gz"), 2051, 4, 2, 4 * 784);
        assertThatThrownBy(() -> DatasetLayout.describe("fm", dir))
                .hasMessage("train-images-idx3-ubyte.gz holds 4 images but train-labels-idx1-ubyte.gz holds 3 labels");
    }
}
