package io.alps.ml.data;

import io.alps.api.spec.DatasetKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a {@link DataRequest} into a normalised {@link DataSplit}: finds the files (or downloads
 * CIFAR-10), reads them, keeps the requested prefix, and standardises with training statistics.
 */
public final class DatasetLoader {
    public static final Path DEFAULT_CIFAR_DIR = Path.of("data", "cifar-10");
    public static final Path DEBIAN_FASHION_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final Path DEFAULT_FASHION_DIR = Path.of("data", "fashion-mnist");
    static final String CIFAR_HINT = "pass --data DIR with the CIFAR-10 binary files (data_batch_1.bin .. "
            + "data_batch_5.bin, test_batch.bin) or the official cifar-10-binary.tar.gz, or leave --data out "
            + "to download it into " + DEFAULT_CIFAR_DIR;
    static final String FASHION_HINT = "install Debian's dataset-fashion-mnist package (apt-get install "
            + "dataset-fashion-mnist) or pass --data DIR holding the four IDX files";

    /**
     * Known re-encodings of a data set, recognised by the SHA-256 of their test file, so that every
     * figure measured on one carries its honest name without the user having to say so.
     */
    private static final Map<String, String> KNOWN_COPIES = Map.of(
            "0ce179d0c0a5220739d6223197952896644ceabb648dacfdebd7f06789af543f", "CIFAR-10 (JPEG copy)");

    private final DownloadSource cifarSource;
    private final Path cifarDir;
    private final Cifar10Reader cifarReader;

    public DatasetLoader() {
        this(DownloadSource.CIFAR10, DEFAULT_CIFAR_DIR, Cifar10Reader.OFFICIAL_RECORDS_PER_FILE);
    }

    /**
     * A loader that looks for (and downloads) CIFAR-10 in {@code cifarDir} when no directory is
     * given, and expects {@code cifarRecordsPerFile} records per file (10,000 for the official set;
     * small test sets in the same layout use fewer).
     */
    public DatasetLoader(DownloadSource cifarSource, Path cifarDir, int cifarRecordsPerFile) {
        this.cifarSource = cifarSource;
        this.cifarDir = cifarDir;
        this.cifarReader = new Cifar10Reader(cifarRecordsPerFile);
    }

    public DataSplit load(DataRequest request) {
        if (request.kind() == DatasetKind.FOLDER) {
            return loadFolder(request);
        }
        Path source = locate(request);
        RawImages train;
        RawImages test;
        if (request.kind() == DatasetKind.CIFAR10) {
            train = cifarReader.readTrain(source);
            test = cifarReader.readTest(source);
        } else {
            FashionMnistReader reader = new FashionMnistReader();
            train = reader.readTrain(source);
            test = reader.readTest(source);
        }
        String name = request.displayName() != null ? request.displayName() : recognise(request.kind(), source);
        return normalise(name, train.first(request.trainLimit()), test.first(request.testLimit()));
    }

    private static DataSplit loadFolder(DataRequest request) {
        Path dir = request.dataDir();
        if (dir == null) {
            throw new DataException("an image folder data set needs --data DIR (DIR/train/<class>/*, DIR/test/<class>/*, "
                    + "optionally DIR/unlabeled/*)");
        }
        if (!Files.isDirectory(dir)) {
            throw new DataException("no image folder at " + dir);
        }
        FolderImageReader.Images images = new FolderImageReader().read(dir, request.trainLimit(), request.testLimit());
        String name = request.displayName() != null ? request.displayName()
                : io.alps.api.data.DatasetLayout.nameOf(dir);
        return normalise(name, images.train(), images.test());
    }

    /** Standardises both parts with the statistics of {@code train}. */
    public static DataSplit normalise(String name, RawImages train, RawImages test) {
        Normalisation norm = Normalisation.fit(train);
        return new DataSplit(name, toDataset(name + " train", train, norm), toDataset(name + " test", test, norm));
    }

    private static Dataset toDataset(String name, RawImages raw, Normalisation norm) {
        float[] values = norm.apply(raw);
        return new Dataset(name, Nd4j.create(values, new long[] {raw.size(), raw.shape().pixels()}, 'c'),
                raw.labels(), raw.shape(), raw.classNames(), raw.names());
    }

    /** The directory or archive to read, downloading CIFAR-10 into the default place if needed. */
    Path locate(DataRequest request) {
        Path dir = request.dataDir();
        if (request.kind() == DatasetKind.CIFAR10) {
            if (dir != null) {
                if (!Files.exists(dir)) {
                    throw new DataException("no CIFAR-10 data at " + dir + ": " + CIFAR_HINT);
                }
                return Files.isDirectory(dir) ? io.alps.api.data.DatasetLayout.cifarFolder(dir) : dir;
            }
            if (Cifar10Reader.isComplete(cifarDir)) {
                return cifarDir;
            }
            Path archive = cifarDir.resolve(cifarSource.fileName());
            if (!Files.isRegularFile(archive)) {
                System.err.println("CIFAR-10 not found in " + cifarDir + "; downloading " + cifarSource.uri());
            }
            return new Downloader().fetch(cifarSource, cifarDir);
        }
        if (dir != null) {
            if (!FashionMnistReader.isComplete(dir)) {
                throw new DataException("no Fashion-MNIST IDX files in " + dir + ": " + FASHION_HINT);
            }
            return dir;
        }
        for (Path candidate : new Path[] {DEFAULT_FASHION_DIR, DEBIAN_FASHION_DIR}) {
            if (FashionMnistReader.isComplete(candidate)) {
                return candidate;
            }
        }
        throw new DataException("Fashion-MNIST not found in " + DEFAULT_FASHION_DIR + " or " + DEBIAN_FASHION_DIR
                + ": " + FASHION_HINT);
    }

    private static String recognise(DatasetKind kind, Path source) {
        Path testFile = source.resolve(Cifar10Reader.TEST_FILE);
        if (kind == DatasetKind.CIFAR10 && Files.isDirectory(source) && Files.isRegularFile(testFile)) {
            return KNOWN_COPIES.getOrDefault(sha256(testFile), kind.displayName());
        }
        return kind.displayName();
    }

    private static String sha256(Path file) {
        try {
            return Downloader.sha256(file);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
