package io.alps.ml.data;

import io.alps.api.data.DatasetLayout;

import io.alps.api.model.ImageShape;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        return collect(source, TRAIN_FILES);
    }

    public RawImages readTest(Path source) {
        return collect(source, List.of(TEST_FILE));
    }

    private RawImages collect(Path source, List<String> names) {
        RawImages.Collector images = new RawImages.Collector(SHAPE, CLASS_NAMES);
        read(source, names, SHAPE.width(), images);
        return images.images();
    }

    /** Streams the training images, brought to {@code size} x {@code size}, into {@code sink}. */
    public void readTrain(Path source, int size, ImageSink sink) {
        read(source, TRAIN_FILES, size, sink);
    }

    /** Streams the test images, brought to {@code size} x {@code size}, into {@code sink}. */
    public void readTest(Path source, int size, ImageSink sink) {
        read(source, List.of(TEST_FILE), size, sink);
    }

    /** The shape of the images at {@code size}: CIFAR-10's own 3x32x32 resampled (bilinear) to size x size. */
    public static ImageShape shape(int size) {
        return new ImageShape(SHAPE.channels(), size, size);
    }

    /** Record by record, one file at a time: nothing holds more than one record and its resampled copy. */
    private void read(Path source, List<String> names, int size, ImageSink sink) {
        boolean directory = Files.isDirectory(source);
        if (directory) {
            for (String name : names) {
                requireFile(source, name);
            }
        } else if (!Files.isRegularFile(source)) {
            throw new DataException("no CIFAR-10 data at " + source + ": " + DatasetLoader.CIFAR_HINT);
        }
        ImageShape target = shape(size);
        byte[] record = new byte[RECORD_BYTES];
        byte[] resized = size == SHAPE.width() ? null : new byte[target.pixels()];
        for (String name : names) {
            if (!sink.wantsMore()) {
                return;
            }
            try (InputStream in = directory ? new BufferedInputStream(Files.newInputStream(source.resolve(name)), 1 << 16)
                    : archiveMember(source, name)) {
                for (int r = 0; r < recordsPerFile && sink.wantsMore(); r++) {
                    if (in.readNBytes(record, 0, RECORD_BYTES) != RECORD_BYTES) {
                        throw new DataException(source.resolve(name) + " ends before record " + r);
                    }
                    int label = record[0] & 0xff;
                    if (label >= CLASS_NAMES.size()) {
                        throw new DataException(source.resolve(name) + ": record " + r + " has label " + label
                                + ", expected 0-" + (CLASS_NAMES.size() - 1) + " (is this CIFAR-100 or a corrupt file?)");
                    }
                    if (resized == null) {
                        sink.add(record, 1, label, null);
                    } else {
                        Resampling.bilinear(record, 1, SHAPE.channels(), SHAPE.height(), SHAPE.width(), resized, 0,
                                size, size);
                        sink.add(resized, 0, label, null);
                    }
                }
            } catch (IOException e) {
                throw directory ? new DataException("cannot read " + source.resolve(name) + ": " + e.getMessage(), e)
                        : new DataException(source + " is not a readable CIFAR-10 tar.gz archive: " + e.getMessage(), e);
            }
        }
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

    private void requireFile(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new DataException("missing CIFAR-10 file " + file + ": " + DatasetLoader.CIFAR_HINT);
        }
        try {
            // Whole records of the expected count before reading: a wrong file is refused before any image.
            checkSize(dir, name, Files.size(file));
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The member {@code name} of the official tar.gz (under cifar-10-batches-bin/), positioned at its
     * first byte; the archive is read once per member so members may come in any order.
     */
    private InputStream archiveMember(Path archive, String name) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                new BufferedInputStream(Files.newInputStream(archive), 1 << 16)), StandardCharsets.UTF_8.name());
        try {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String base = Path.of(entry.getName()).getFileName().toString();
                if (entry.isFile() && base.equals(name)) {
                    checkSize(archive, base, entry.getSize());
                    return tar;
                }
            }
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e;
        }
        tar.close();
        throw new DataException(archive + " does not contain " + name + ": " + DatasetLoader.CIFAR_HINT);
    }
}
