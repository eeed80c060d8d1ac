package io.alps.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.model.ImageShape;
import io.alps.api.spec.DatasetKind;
import io.alps.ml.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageStoreTest {
    @TempDir
    Path tmp;

    private static ImageStore store(Path file, RawImages images) {
        try (ImageStore.Writer writer = ImageStore.create(file, images.shape(), images.classNames(), 0)) {
            for (int i = 0; i < images.size(); i++) {
                writer.add(images.pixels(), i * images.shape().pixels(), images.labels()[i],
                        images.names() == null ? null : images.names().get(i));
            }
            return writer.commit();
        }
    }

    /** The values as bits in a string-free wrapper: equal arrays compare fast, unequal ones name the first difference. */
    private static Floats floats(org.nd4j.linalg.api.ndarray.INDArray x) {
        return new Floats(x.dup('c').data().asFloat());
    }

    private record Floats(float[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Floats f && java.util.Arrays.equals(values, f.values);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return values.length + " floats starting " + java.util.Arrays.toString(java.util.Arrays.copyOf(values, 4));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void batchesReadFromAStoreEqualTheSetInMemoryBitForBit(int side) {
        ImageShape shape = new ImageShape(3, side, side);
        RawImages train = TestData.learnable(300, 10, shape, 1);
        RawImages test = TestData.learnable(40, 10, shape, 2);
        DataSplit memory = DatasetLoader.normalise("s", train, test);
        ImageStore trainStore = store(tmp.resolve("train.images"), train);
        Normalisation norm = trainStore.statistics();
        assertThat(norm.mean()).containsExactly(Normalisation.fit(train).mean());
        assertThat(norm.std()).containsExactly(Normalisation.fit(train).std());
        Dataset stored = Dataset.of("s", trainStore, norm);
        Dataset storedTest = Dataset.of("t", store(tmp.resolve("test.images"), test), norm);

        int[] ids = {299, 5, 6, 7, 8, 0, 150, 151, 3};
        assertThat(floats(stored.features(ids))).isEqualTo(floats(memory.train().features(ids)));
        assertThat(floats(stored.features(10, 290))).isEqualTo(floats(memory.train().features(10, 290)));
        assertThat(floats(storedTest.features(0, 40))).isEqualTo(floats(memory.test().features(0, 40)));
        assertThat(stored.features(ids).shape()).containsExactly(ids.length, 3, side, side);

        FeatureBuffer kept = new FeatureBuffer(stored);
        FeatureBuffer inMemory = new FeatureBuffer(memory.train());
        long address = kept.features(ids).data().address();
        assertThat(floats(kept.features(new int[] {1, 2, 3, 100, 200, 250, 4, 9, 11})))
                .isEqualTo(floats(inMemory.features(new int[] {1, 2, 3, 100, 200, 250, 4, 9, 11})));
        assertThat(kept.features(new int[] {9, 8, 7, 6, 5, 4, 3, 2, 1}).data().address()).as("a kept array").isEqualTo(address);
        assertThat(floats(kept.features(0, 300))).isEqualTo(floats(memory.train().features(0, 300)));
        assertThat(stored.labels()).containsExactly(memory.train().labels());
    }

    @Test
    void subsetsMapIdsToTheStoresImagesWithoutCopyingPixels() {
        ImageShape shape = new ImageShape(3, 32, 32);
        RawImages raw = TestData.learnable(50, 4, shape, 3);
        int[] labels = raw.labels();
        for (int i = 0; i < labels.length; i += 3) {
            labels[i] = Dataset.UNLABELED;
        }
        List<String> names = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "img" + i + ".png").toList();
        RawImages withGaps = new RawImages(raw.pixels(), labels, shape, raw.classNames(), names);
        DataSplit memory = DatasetLoader.normalise("s", withGaps, withGaps);
        ImageStore store = store(tmp.resolve("gaps.images"), withGaps);
        Dataset stored = Dataset.of("s", store, store.statistics());

        Dataset labelled = stored.labelled();
        Dataset labelledInMemory = memory.train().labelled();
        assertThat(labelled.size()).isEqualTo(33);
        assertThat(labelled.labels()).containsExactly(labelledInMemory.labels());
        assertThat(labelled.sampleNames()).isEqualTo(labelledInMemory.sampleNames());
        assertThat(floats(labelled.features(0, 33))).isEqualTo(floats(labelledInMemory.features(0, 33)));
        Dataset firstTen = labelled.first(10);
        assertThat(floats(firstTen.features(new int[] {9, 0}))).isEqualTo(floats(labelledInMemory.features(new int[] {9, 0})));
        int[] oracle = new int[33];
        java.util.Arrays.fill(oracle, 2);
        Dataset relabelled = labelled.withLabels(oracle);
        assertThat(relabelled.label(5)).isEqualTo(2);
        assertThat(floats(relabelled.features(new int[] {5}))).isEqualTo(floats(labelled.features(new int[] {5})));
        assertThat(stored.sampleName(4)).isEqualTo("img4.png");
        assertThat(store.file()).hasSize(ImageStore.HEADER + 50L * shape.pixels() + trailer(store));
    }

    private static long trailer(ImageStore store) {
        try {
            return Files.size(store.file()) - ImageStore.HEADER - (long) store.size() * store.shape().pixels();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aStoreIsBuiltOnceAndFoundAgainByTheNextLoad() throws Exception {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 20, 1);
        StoreFolder folder = new StoreFolder(tmp.resolve("stores"));
        DatasetLoader loader = new DatasetLoader(DownloadSource.CIFAR10, tmp.resolve("unused"), 20, folder);
        DataRequest request = new DataRequest(DatasetKind.CIFAR10, dir, 50, 0, null);
        DataSplit first = loader.load(request);
        List<Path> stores = list(folder.dir());
        assertThat(stores).hasSize(2);
        FileTime built = Files.getLastModifiedTime(stores.get(0));

        DataSplit again = loader.load(request);
        assertThat(list(folder.dir())).isEqualTo(stores);
        assertThat(Files.getLastModifiedTime(stores.get(0))).as("read, not rebuilt").isEqualTo(built);
        assertThat(floats(again.train().features(0, 50))).isEqualTo(floats(first.train().features(0, 50)));

        // The same files read the way they were before stores: the same floats.
        Cifar10Reader reader = new Cifar10Reader(20);
        DataSplit memory = DatasetLoader.normalise("m", reader.readTrain(dir).first(50), reader.readTest(dir));
        assertThat(floats(first.train().features(0, 50))).isEqualTo(floats(memory.train().features(0, 50)));
        assertThat(floats(first.test().features(0, 20))).isEqualTo(floats(memory.test().features(0, 20)));

        // Another size or limit, or changed files: another store.
        loader.load(request.withImageSize(40));
        Files.setLastModifiedTime(dir.resolve(Cifar10Reader.TEST_FILE), FileTime.fromMillis(0));
        loader.load(request);
        assertThat(list(folder.dir())).hasSize(6);
    }

    @Test
    void processesBuildingTheSameStoreAtOnceEachLeaveAWholeOneAndHalfStoresAreNeverRead() throws Exception {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 200, 1);
        StoreFolder folder = new StoreFolder(tmp.resolve("stores"));
        DataRequest request = DataRequest.of(DatasetKind.CIFAR10, dir);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Callable<Floats> load = () -> floats(new DatasetLoader(DownloadSource.CIFAR10, tmp.resolve("unused"), 200, folder)
                    .load(request).train().features(0, 1000));
            List<Future<Floats>> runs = pool.invokeAll(List.of(load, load, load));
            Floats expected = runs.get(0).get();
            for (Future<Floats> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(list(folder.dir())).as("no temporary file left").hasSize(2)
                .allMatch(p -> p.getFileName().toString().endsWith(".images"));

        // A file cut short (not made by a writer) is refused naming it, never read as images.
        Path cut = tmp.resolve("cut.images");
        byte[] whole = Files.readAllBytes(list(folder.dir()).get(0));
        Files.write(cut, java.util.Arrays.copyOf(whole, 5000));
        assertThatThrownBy(() -> ImageStore.open(cut)).isInstanceOf(DataException.class).hasMessageContaining(cut.toString());
    }

    @Test
    void aWriterClosedWithoutCommittingLeavesNothingAndOneLeftByADeadProcessGoesAfterADay() throws IOException {
        Path target = tmp.resolve("never.images");
        ImageShape shape = new ImageShape(1, 4, 4);
        try (ImageStore.Writer writer = ImageStore.create(target, shape, List.of("a"), 0)) {
            writer.add(new byte[16], 0, 0, null);
        }
        assertThat(tmp).isEmptyDirectory();

        Path abandoned = Files.writeString(tmp.resolve("never.images.part-1-dead"), "half");
        Files.setLastModifiedTime(abandoned, FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        Path writing = Files.writeString(tmp.resolve("never.images.part-2-busy"), "half");
        ImageStore.create(target, shape, List.of("a"), 0).close();
        assertThat(abandoned).doesNotExist();
        assertThat(writing).as("another process may be writing it right now").exists();
    }

    @Test
    void benchmarkSetsAreResampledBilinearlyToTheAskedSizeAndFoldersKeepTheirCentre() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("cifar"), 20, 1);
        DatasetLoader loader = new DatasetLoader(DownloadSource.CIFAR10, tmp.resolve("unused"), 20,
                new StoreFolder(tmp.resolve("stores")));
        DataSplit big = loader.load(DataRequest.of(DatasetKind.CIFAR10, dir).withImageSize(64));
        assertThat(big.train().shape()).isEqualTo(new ImageShape(3, 64, 64));
        assertThat(big.train().size()).isEqualTo(100);

        Path fashion = TestData.writeFashionMnist(tmp.resolve("fashion"), 12, 4);
        DataSplit small = loader.load(DataRequest.of(DatasetKind.FASHION_MNIST, fashion).withImageSize(16));
        assertThat(small.train().shape()).isEqualTo(new ImageShape(1, 16, 16));
        assertThat(small.test().size()).isEqualTo(4);

        // 2x2 to 4x4: corners keep their values, between them the values blend.
        byte[] in = {0, (byte) 100, (byte) 200, (byte) 250};
        byte[] out = new byte[16];
        Resampling.bilinear(in, 0, 1, 2, 2, out, 0, 4, 4);
        assertThat(out[0] & 0xff).isEqualTo(0);
        assertThat(out[3] & 0xff).isEqualTo(100);
        assertThat(out[12] & 0xff).isEqualTo(200);
        assertThat(out[15] & 0xff).isEqualTo(250);
        assertThat(out[1] & 0xff).isEqualTo(25);
        assertThat(out[5] & 0xff).isEqualTo(Math.round(0.5625f * 0 + 0.1875f * 100 + 0.1875f * 200 + 0.0625f * 250));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
