package io.alps.service.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.data.DatasetInfo;
import io.alps.api.data.DatasetLayout;
import io.alps.api.data.FolderLayout;
import io.alps.infra.PngHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Random and mutated zips and tars through the upload's archive reader ({@link UploadedArchive}):
 * each is either refused with {@link UploadRefused} (a message naming the problem) or a valid data
 * set the folder reader's rules accept; never another error, nothing written outside the target folder.
 */
class UploadFuzzTest {
    private static final byte[] PNG = PngHeader.claiming(1, 1);
    private static final byte[] HUGE_PNG = PngHeader.claiming(40_000, 40_000);
    private static final List<String> VALID = List.of("train/cat/a.png", "train/dog/b.png", "test/cat/c.png",
            "test/dog/d.png");
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static final AtomicInteger KEPT = new AtomicInteger();

    private static final UploadLimits LIMITS = new UploadLimits(64_000, 64_000, 40, 1_000_000, Duration.ofMinutes(5));

    @AfterContainer
    static void report() {
        System.out.printf("archive fuzzing: %d archives, %d valid data sets, %d refused%n", TRIES.get(), KEPT.get(),
                TRIES.get() - KEPT.get());
    }

    /** One archive entry: name, kind (0 file, 1 folder, 2 symbolic link, 3 hard link, 4 FIFO) and bytes. */
    record Entry(String name, int kind, byte[] content) {
    }

    enum Format { ZIP, TAR, TAR_GZ }

    enum Mutation { NONE, FLIP_BYTES, TRUNCATE, INSERT_BYTES }

    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<String> segment = Arbitraries.of("train", "test", "unlabeled", "cat", "dog", "..", ".", "C:", "a b",
                "é<b>", "x.png", "y.jpg", "bell\u0007", "", "/", "\\", "x".repeat(120));
        Arbitrary<String> name = segment.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts))
                .filter(n -> !n.isEmpty());
        Arbitrary<byte[]> content = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(80),
                Arbitraries.just(PNG), Arbitraries.just(HUGE_PNG), Arbitraries.just(new byte[70_000]));
        Arbitrary<Entry> entry = Combinators.combine(name, Arbitraries.integers().between(0, 4)
                .edgeCases(c -> c.add(0)), content).as(Entry::new);
        Arbitrary<List<Entry>> extra = entry.list().ofMaxSize(8);
        // Half of the archives start from a valid data set, so the tries reach past the first check.
        return Combinators.combine(Arbitraries.of(true, false), extra).as((valid, more) -> {
            List<Entry> all = new ArrayList<>();
            if (valid) {
                VALID.forEach(n -> all.add(new Entry(n, 0, PNG)));
            }
            all.addAll(more);
            return all;
        });
    }

    @Property(tries = 200)
    void anyArchiveIsRefusedClearlyOrIsAValidDataSet(@ForAll("entries") List<Entry> entries, @ForAll Format format,
                                                     @ForAll Mutation mutation, @ForAll long seed) throws IOException {
        TRIES.incrementAndGet();
        Path base = Files.createTempDirectory("fuzz");
        Path target = base.resolve("target");
        Path archive = Files.write(base.resolve("archive"), mutate(write(entries, format), mutation, new Random(seed)));
        String outcome;
        try {
            DatasetInfo info = new UploadedArchive(LIMITS).unpackAndCheck("fuzz", archive, target, () -> { });
            assertThat(info.train()).isPositive();
            assertThat(info.test()).isPositive();
            Path root = UploadedArchive.root(target);
            assertThat(DatasetLayout.kindOf(root)).isPresent();
            if (info.kind().equals("folder")) {
                for (String c : FolderLayout.classes(root)) {
                    assertThat(FolderLayout.images(root.resolve(FolderLayout.TRAIN).resolve(c))).as(c).isNotEmpty();
                }
            }
            KEPT.incrementAndGet();
            outcome = "valid";
        } catch (UploadRefused refused) {
            assertThat(refused.getMessage()).isNotBlank().doesNotContain(base.toString()).doesNotContain("Exception:");
            outcome = "refused " + refused.reason();
        }
        try (Stream<Path> left = Files.list(base)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("nothing written beside the target")
                    .containsExactlyInAnyOrder("archive", "target");
        }
        try (Stream<Path> all = Files.walk(base)) {
            assertThat(all.filter(Files::isSymbolicLink)).as("no links unpacked").isEmpty();
        }
        delete(base);
        Statistics.collect(format, mutation == Mutation.NONE ? "intact" : "mutated", outcome);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static byte[] write(List<Entry> entries, Format format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream target = format == Format.TAR_GZ ? new GZIPOutputStream(bytes) : bytes;
        try (ArchiveOutputStream<? extends ArchiveEntry> out = format == Format.ZIP ? new ZipArchiveOutputStream(target)
                : tar(target)) {
            for (Entry e : entries) {
                add(out, e, format);
            }
        }
        return bytes.toByteArray();
    }

    private static TarArchiveOutputStream tar(OutputStream target) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(target, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        return tar;
    }

    @SuppressWarnings("unchecked")
    private static void add(ArchiveOutputStream<? extends ArchiveEntry> out, Entry e, Format format) throws IOException {
        boolean folder = e.kind() == 1;
        byte[] content = e.kind() == 0 ? e.content() : new byte[0];
        if (format == Format.ZIP) {
            ZipArchiveEntry z = new ZipArchiveEntry(folder ? e.name() + "/" : e.name());
            if (z.isDirectory()) {
                content = new byte[0];
            } else if (e.kind() == 2) {
                z.setUnixMode(0120777);
                content = "../../../outside".getBytes(StandardCharsets.US_ASCII);
            }
            ((ArchiveOutputStream<ZipArchiveEntry>) out).putArchiveEntry(z);
        } else {
            byte flag = switch (e.kind()) {
                case 1 -> TarArchiveEntry.LF_DIR;
                case 2 -> TarArchiveEntry.LF_SYMLINK;
                case 3 -> TarArchiveEntry.LF_LINK;
                case 4 -> TarArchiveEntry.LF_FIFO;
                default -> TarArchiveEntry.LF_NORMAL;
            };
            TarArchiveEntry t = new TarArchiveEntry(folder ? e.name() + "/" : e.name(), flag, true);
            if (e.kind() == 2 || e.kind() == 3) {
                t.setLinkName("../../../outside");
            }
            if (t.isDirectory()) {
                content = new byte[0];
            }
            t.setSize(content.length);
            ((ArchiveOutputStream<TarArchiveEntry>) out).putArchiveEntry(t);
        }
        out.write(content);
        out.closeArchiveEntry();
    }

    private static byte[] mutate(byte[] archive, Mutation mutation, Random rng) {
        if (archive.length == 0 || mutation == Mutation.NONE) {
            return archive;
        }
        byte[] copy = archive.clone();
        switch (mutation) {
            case FLIP_BYTES -> {
                for (int i = 0, n = 1 + rng.nextInt(8); i < n; i++) {
                    copy[rng.nextInt(copy.length)] ^= (byte) (1 + rng.nextInt(255));
                }
                return copy;
            }
            case TRUNCATE -> {
                return java.util.Arrays.copyOf(copy, rng.nextInt(copy.length));
            }
            default -> {
                int at = rng.nextInt(copy.length);
                byte[] noise = new byte[1 + rng.nextInt(32)];
                rng.nextBytes(noise);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(copy, 0, at);
                out.writeBytes(noise);
                out.write(copy, at, copy.length - at);
                return out.toByteArray();
            }
        }
    }
}
