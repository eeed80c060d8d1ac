package io.alps.ml.data;

import io.alps.api.data.DatasetLayout;

import io.alps.api.model.ImageShape;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads CIFAR-10 in the official binary layout: {@code data_batch_1..5.bin} and
 * {@code test_batch.bin}, each record one label byte then 1,024 red, 1,024 green and 1,024 blue
 * bytes, either from a directory or straight from the official {@code cifar-10-binary.tar.gz}.
 */
public final class Cifar10Reader {
    public static final ImageShape SHAPE = DatasetLayout.CIFAR_SHAPE;
    public static final int RECORD_BYTES = DatasetLayout.CIFAR_RECORD_BYTES;
    public static final int OFFICIAL_RECORDS_PER_FILE = 10_000;
    public static final List<String> TRAIN_FILES = DatasetLayout.CIFAR_TRAIN_FILES;
    public static final String TEST_FILE = DatasetLayout.CIFAR_TEST_FILE;
    static final List<String> CLASS_NAMES = DatasetLayout.CIFAR_CLASSES;

    private final int recordsPerFile;

    public Cifar10Reader() {
        this(OFFICIAL_RECORDS_PER_FILE);
    }

    /** A reader for files of another size (tests write small files in the same layout). */
    public Cifar10Reader(int recordsPerFile) {
        this.recordsPerFile = recordsPerFile;
    }

    /** True when {@code dir} holds every file of the binary layout. */
    public static boolean isComplete(Path dir) {
        return DatasetLayout.isCifar(dir);
    }

    public RawImages readTrain(Path source) {
        return read(source, TRAIN_FILES);
    }

    public RawImages readTest(Path source) {
        return read(source, List.of(TEST_FILE));
    }

    private RawImages read(Path source, List<String> names) {
        Map<String, byte[]> files = Files.isDirectory(source) ? readDirectory(source, names) : readArchive(source, names);
        int n = names.size() * recordsPerFile;
        byte[] pixels = new byte[n * SHAPE.pixels()];
        int[] labels = new int[n];
        int image = 0;
        for (String name : names) {
            byte[] bytes = files.get(name);
            checkSize(source, name, bytes.length);
            for (int r = 0; r < recordsPerFile; r++, image++) {
                int offset = r * RECORD_BYTES;
                int label = bytes[offset] & 0xff;
                if (label >= CLASS_NAMES.size()) {
                    throw new DataException(source.resolve(name) + ": record " + r + " has label " + label
                            + ", expected 0-" + (CLASS_NAMES.size() - 1) + " (is this CIFAR-100 or a corrupt file?)");
                }
                labels[image] = label;
                System.arraycopy(bytes, offset + 1, pixels, image * SHAPE.pixels(), SHAPE.pixels());
            }
        }
        return new RawImages(pixels, labels, SHAPE, CLASS_NAMES);
    }

    private void checkSize(Path source, String name, long size) {
        long expected = (long) recordsPerFile * RECORD_BYTES;
        if (size != expected) {
            throw new DataException(String.format(
                    "%s is truncated or not CIFAR-10: %,d bytes hold %,d records%s; expected %,d records (%,d bytes)",
                    source.resolve(name), size, size / RECORD_BYTES,
                    size % RECORD_BYTES == 0 ? "" : " and a partial one of " + size % RECORD_BYTES + " bytes",
                    recordsPerFile, expected));
        }
    }

    private Map<String, byte[]> readDirectory(Path dir, List<String> names) {
        Map<String, byte[]> out = new HashMap<>();
        for (String name : names) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new DataException("missing CIFAR-10 file " + file + ": " + DatasetLoader.CIFAR_HINT);
            }
            try {
                // Whole records of the expected count before reading: a wrong file allocates nothing.
                checkSize(dir, name, Files.size(file));
                out.put(name, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Reads the wanted members of the official tar.gz (they sit under cifar-10-batches-bin/). */
    private Map<String, byte[]> readArchive(Path archive, List<String> names) {
        if (!Files.isRegularFile(archive)) {
            throw new DataException("no CIFAR-10 data at " + archive + ": " + DatasetLoader.CIFAR_HINT);
        }
        Map<String, byte[]> out = new HashMap<>();
        try (InputStream in = new TarArchiveInputStream(new GZIPInputStream(
                new BufferedInputStream(Files.newInputStream(archive))), StandardCharsets.UTF_8.name())) {
            TarArchiveInputStream tar = (TarArchiveInputStream) in;
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String base = Path.of(entry.getName()).getFileName().toString();
                if (entry.isFile() && names.contains(base)) {
                    checkSize(archive, base, entry.getSize());
                    out.put(base, tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new DataException(archive + " is not a readable CIFAR-10 tar.gz archive: " + e.getMessage(), e);
        }
        for (String name : names) {
            if (!out.containsKey(name)) {
                throw new DataException(archive + " does not contain " + name + ": " + DatasetLoader.CIFAR_HINT);
            }
        }
        return out;
    }
}
