package io.alps.ml.data;

import io.alps.api.spec.DatasetKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a {@link DataRequest} into a normalised {@link DataSplit}: finds the files (or downloads
 * CIFAR-10), and reads them once into an {@link ImageStore} per part (the requested prefix, at the
 * requested size), which later runs find again in the {@link StoreFolder}; the sets read from the
 * stores and standardise with the training part's statistics.
 *
 * <p>The resize rule: image folders have each image's shorter side scaled to the size and the
 * centre square kept ({@link FolderImageReader}); CIFAR-10 (3x32x32) and Fashion-MNIST (28x28,
 * padded to 1x32x32) are resampled bilinearly from 32x32 ({@link Resampling}). At 32 every set is
 * exactly what it was before sizes could be chosen.
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
    private final int cifarRecordsPerFile;
    private final StoreFolder stores;

    /** A loader keeping its stores in the command line's folder ({@link StoreFolder#fromEnvironment()}). */
    public DatasetLoader() {
        this(StoreFolder.fromEnvironment());
    }

    /** A loader keeping its stores in {@code stores}. */
    public DatasetLoader(StoreFolder stores) {
        this(DownloadSource.CIFAR10, DEFAULT_CIFAR_DIR, Cifar10Reader.OFFICIAL_RECORDS_PER_FILE, stores);
    }

    /**
     * A loader that looks for (and downloads) CIFAR-10 in {@code cifarDir} when no directory is
     * given, and expects {@code cifarRecordsPerFile} records per file (10,000 for the official set;
     * small test sets in the same layout use fewer).
     */
    public DatasetLoader(DownloadSource cifarSource, Path cifarDir, int cifarRecordsPerFile) {
        this(cifarSource, cifarDir, cifarRecordsPerFile, StoreFolder.fromEnvironment());
    }

    public DatasetLoader(DownloadSource cifarSource, Path cifarDir, int cifarRecordsPerFile, StoreFolder stores) {
        this.cifarSource = cifarSource;
        this.cifarDir = cifarDir;
        this.cifarReader = new Cifar10Reader(cifarRecordsPerFile);
        this.cifarRecordsPerFile = cifarRecordsPerFile;
        this.stores = stores;
    }

    public DataSplit load(DataRequest request) {
        Path source = request.kind() == DatasetKind.FOLDER ? folder(request) : locate(request);
        Path[] files = stores.files(request, source);
        ImageStore train;
        ImageStore test;
        if (Files.isRegularFile(files[0]) && Files.isRegularFile(files[1])) {
            train = ImageStore.open(files[0]);
            test = ImageStore.open(files[1]);
        } else {
            ImageStore[] built = build(request, source, files);
            train = built[0];
            test = built[1];
        }
        String name = request.displayName() != null ? request.displayName()
                : request.kind() == DatasetKind.FOLDER ? io.alps.api.data.DatasetLayout.nameOf(source)
                : recognise(request.kind(), source);
        Normalisation norm = train.statistics();
        return new DataSplit(name, Dataset.of(name + " train", train, norm), Dataset.of(name + " test", test, norm));
    }

    /** Reads the data set's files once into a training and a test store. */
    private ImageStore[] build(DataRequest request, Path source, Path[] files) {
        int size = request.imageSize();
        long t0 = System.nanoTime();
        try (ImageStore.Writer train = ImageStore.create(files[0], shape(request.kind(), size), classes(request.kind(), source),
                request.trainLimit());
             ImageStore.Writer test = ImageStore.create(files[1], shape(request.kind(), size), classes(request.kind(), source),
                     request.testLimit())) {
            String task = "reading " + request.kind().displayName() + " into " + stores.dir();
            switch (request.kind()) {
                case FOLDER -> new FolderImageReader().read(source, request.trainLimit(), request.testLimit(), size, train, test);
                case CIFAR10 -> {
                    int trainTotal = Cifar10Reader.TRAIN_FILES.size() * cifarRecordsPerFile;
                    cifarReader.readTrain(source, size, new BuildProgress(train, task + " (train)",
                            request.trainLimit() > 0 ? Math.min(trainTotal, request.trainLimit()) : trainTotal, System.err));
                    cifarReader.readTest(source, size, test);
                }
                case FASHION_MNIST -> {
                    FashionMnistReader reader = new FashionMnistReader();
                    reader.readTrain(source, size, new BuildProgress(train, task + " (train)", 0, System.err));
                    reader.readTest(source, size, test);
                }
            }
            ImageStore[] built = {train.commit(), test.commit()};
            System.err.printf("image store of %s at %d px: %,d + %,d images in %.1f s (%s)%n",
                    request.kind().displayName(), size, built[0].size(), built[1].size(), (System.nanoTime() - t0) / 1e9,
                    files[0].getParent());
            return built;
        }
    }

    private static io.alps.api.model.ImageShape shape(DatasetKind kind, int size) {
        return switch (kind) {
            case FOLDER -> FolderImageReader.shape(size);
            case CIFAR10 -> Cifar10Reader.shape(size);
            case FASHION_MNIST -> FashionMnistReader.shape(size);
        };
    }

    private static java.util.List<String> classes(DatasetKind kind, Path source) {
        return switch (kind) {
            case FOLDER -> io.alps.api.data.FolderLayout.classes(source);
            case CIFAR10 -> Cifar10Reader.CLASS_NAMES;
            case FASHION_MNIST -> FashionMnistReader.CLASS_NAMES;
        };
    }

    private static Path folder(DataRequest request) {
        Path dir = request.dataDir();
        if (dir == null) {
            throw new DataException("an image folder data set needs --data DIR (DIR/train/<class>/*, DIR/test/<class>/*, "
                    + "optionally DIR/unlabeled/*)");
        }
        if (!Files.isDirectory(dir)) {
            throw new DataException("no image folder at " + dir);
        }
        return dir;
    }

    /** Standardises both parts, held in memory, with the statistics of {@code train} (sets made in memory). */
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
