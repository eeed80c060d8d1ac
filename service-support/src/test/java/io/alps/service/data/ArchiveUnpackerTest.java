package io.alps.service.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking an upload: limits on entries and bytes, and nothing written outside the target folder. */
class ArchiveUnpackerTest {
    @TempDir
    Path dir;

    static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path unpack(byte[] archive, long maxBytes, int maxEntries) throws IOException {
        Path file = Files.write(dir.resolve("archive-" + System.nanoTime()), archive);
        Path into = dir.resolve("into-" + System.nanoTime());
        new ArchiveUnpacker(maxBytes, maxEntries).unpack(file, into, () -> { });
        return into;
    }

    private UploadRefused refusal(byte[] archive, long maxBytes, int maxEntries) {
        try {
            unpack(archive, maxBytes, maxEntries);
        } catch (UploadRefused e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not refused");
    }

    @Test
    void entriesPastTheLimitAreRefusedNamingTheEntryAndTheLimit() throws IOException {
        assertThat(Files.readString(unpack(zip("a/1", "x", "a/2", "y", "a/3", "z"), 100, 3).resolve("a/3"))).isEqualTo("z");
        UploadRefused e = refusal(zip("a/1", "x", "a/2", "y", "a/3", "z", "a/4", "w"), 100, 3);
        assertThat(e.reason()).isEqualTo(UploadRefused.Reason.TOO_LARGE);
        assertThat(e).hasMessage("the archive holds more than 3 entries (the limit, alps.data.archive-entry-limit); "
                + "'a/4' is entry 4");
    }

    @Test
    void anArchiveThatUnpacksPastTheByteLimitIsRefusedWhateverItDeclares() throws IOException {
        // 3 MB of zeros packs into a few KB: the bytes written count, not the upload's size.
        byte[] bomb = zip("train/a/zeros.png", "\0".repeat(3_000_000));
        assertThat(bomb.length).isLessThan(10_000);
        UploadRefused e = refusal(bomb, 1_000_000, 10);
        assertThat(e.reason()).isEqualTo(UploadRefused.Reason.TOO_LARGE);
        assertThat(e).hasMessage("the archive unpacks to more than 1,000,000 bytes (the limit, "
                + "alps.data.unpacked-limit-bytes); reached in entry 'train/a/zeros.png'");
    }

    @Test
    void namesThatLeadOutsideAreRefusedAndNothingIsWrittenThere() throws IOException {
        for (String name : new String[] {"../evil", "a/../../evil", "/tmp/evil", "C:/evil", "a\\..\\..\\evil", "a/../b"}) {
            UploadRefused e = refusal(zip("ok/1", "x", name, "boo"), 100, 10);
            assertThat(e.reason()).as(name).isEqualTo(UploadRefused.Reason.INVALID);
            // The zip reader turns backslashes into slashes.
            assertThat(e.getMessage()).as(name).contains("'" + name.replace('\\', '/') + "'")
                    .contains("would land outside the data set");
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("evil");
        }
    }

    private static byte[] tar(TarArchiveEntry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (TarArchiveEntry entry : entries) {
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void linksAndDevicesAreRefused() throws IOException {
        TarArchiveEntry symlink = new TarArchiveEntry("train/cat/link.png", TarArchiveEntry.LF_SYMLINK);
        symlink.setLinkName("/etc/passwd");
        assertThat(refusal(tar(symlink), 100, 10)).hasMessage("the archive entry 'train/cat/link.png' is a link; "
                + "send the files themselves");
        TarArchiveEntry hard = new TarArchiveEntry("train/cat/hard.png", TarArchiveEntry.LF_LINK);
        hard.setLinkName("../../outside");
        assertThat(refusal(tar(hard), 100, 10)).hasMessageContaining("'train/cat/hard.png' is a link");
        TarArchiveEntry fifo = new TarArchiveEntry("train/cat/pipe", TarArchiveEntry.LF_FIFO);
        assertThat(refusal(tar(fifo), 100, 10)).hasMessage("the archive entry 'train/cat/pipe' is neither a file nor a folder");
    }

    @Test
    void aNameTwiceAndADamagedArchiveAreRefusedSayingWhich() throws IOException {
        TarArchiveEntry first = new TarArchiveEntry("a/1");
        TarArchiveEntry again = new TarArchiveEntry("a/1");
        assertThat(refusal(tar(first, again), 100, 10))
                .hasMessageStartingWith("the archive entry 'a/1' cannot be unpacked: it clashes with an earlier entry");
        byte[] cut = zip("a/1", "x".repeat(5000), "a/2", "y");
        byte[] truncated = java.util.Arrays.copyOf(cut, 60);
        UploadRefused e = refusal(truncated, 100_000, 10);
        assertThat(e.reason()).isEqualTo(UploadRefused.Reason.INVALID);
        assertThat(e.getMessage()).startsWith("the archive is damaged or truncated");
        assertThat(refusal("hello".getBytes(), 100, 10)).hasMessage("the upload is not a zip, tar or tar.gz archive");
    }
}
