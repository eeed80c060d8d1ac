package io.alps.ml.data;

import io.alps.api.validation.SpecValidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.report.DirectorySink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.DatasetKind;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.ExperimentRunner;
import io.alps.ml.al.RoundSteps;
import io.alps.ml.testdata.ImageFolders;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data sets of one's own images: the resize rule, ids and manifest, errors naming the file, and the oracles. */
class FolderDataTest {
    private static final List<String> CLASSES = List.of("cat", "dog", "fox");

    @TempDir
    Path dir;

    private static int[] rgb(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[] {(p >> 16) & 255, (p >> 8) & 255, p & 255};
    }

    @Test
    void anImageIsScaledByItsShorterSideToThirtyTwoAndItsCentreKept() {
        // 128x64, left half red, right half blue: scaled to 64x32, the centre 32 columns are 16..47.
        BufferedImage wide = FolderImageReader.fit(ImageFolders.halves(128, 64, Color.RED, Color.BLUE));
        assertThat(wide.getWidth()).isEqualTo(32);
        assertThat(wide.getHeight()).isEqualTo(32);
        assertThat(rgb(wide, 2, 10)).containsExactly(255, 0, 0);
        assertThat(rgb(wide, 13, 30)).containsExactly(255, 0, 0);
        assertThat(rgb(wide, 18, 5)).containsExactly(0, 0, 255);
        assertThat(rgb(wide, 31, 31)).containsExactly(0, 0, 255);

        // 20x10 is enlarged to 64x32 the same way.
        BufferedImage small = FolderImageReader.fit(ImageFolders.halves(20, 10, Color.GREEN, Color.WHITE));
        assertThat(rgb(small, 1, 1)).containsExactly(0, 255, 0);
        assertThat(rgb(small, 30, 30)).containsExactly(255, 255, 255);

        BufferedImage grey = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(20, 20, 0, 99);
        int[] g = rgb(FolderImageReader.fit(grey), 3, 3);
        assertThat(g[0]).isEqualTo(g[1]).isEqualTo(g[2]);

        BufferedImage clear = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        assertThat(rgb(FolderImageReader.fit(clear), 5, 5)).as("transparent lies over white").containsExactly(255, 255, 255);
    }

    @Test
    void atAnotherSizeTheShorterSideIsScaledToItAndTheCentreSquareKept() {
        // 256x128, left half red, right half blue, at 64: scaled to 128x64, the centre 64 columns are 32..95.
        BufferedImage wide = FolderImageReader.fit(ImageFolders.halves(256, 128, Color.RED, Color.BLUE), 64);
        assertThat(wide.getWidth()).isEqualTo(64);
        assertThat(wide.getHeight()).isEqualTo(64);
        assertThat(rgb(wide, 4, 20)).containsExactly(255, 0, 0);
        assertThat(rgb(wide, 26, 60)).containsExactly(255, 0, 0);
        assertThat(rgb(wide, 36, 10)).containsExactly(0, 0, 255);
        assertThat(rgb(wide, 63, 63)).containsExactly(0, 0, 255);

        ImageFolders.write(dir, CLASSES, 4, 2, 3, 1);
        DataSplit split = new DatasetLoader(new StoreFolder(dir.resolve("stores")))
                .load(new DataRequest(io.alps.api.spec.DatasetKind.FOLDER, dir, 0, 0, null, 64));
        assertThat(split.train().shape()).isEqualTo(new io.alps.api.model.ImageShape(3, 64, 64));
        assertThat(split.train().size()).isEqualTo(15);
        assertThat(split.train().sampleNames()).isEqualTo(new FolderImageReader().read(dir, 0, 0).train().names());
    }

    @Test
    void classesComeFromTheFoldersIdsAreStableAndUnlabeledImagesComeLast() {
        ImageFolders.write(dir, CLASSES, 4, 2, 3, 1);
        FolderImageReader.Images images = new FolderImageReader().read(dir, 0, 0);
        RawImages train = images.train();
        assertThat(train.size()).isEqualTo(15);
        assertThat(train.classNames()).containsExactly("cat", "dog", "fox");
        assertThat(train.shape().channels()).isEqualTo(3);
        assertThat(train.names().subList(0, 12)).allMatch(n -> n.startsWith("train/"));
        assertThat(train.names().subList(12, 15)).allMatch(n -> n.startsWith("unlabeled/u"));
        assertThat(Arrays.copyOfRange(train.labels(), 12, 15)).containsOnly(Dataset.UNLABELED);
        for (int i = 0; i < 12; i++) {
            String cls = train.names().get(i).split("/")[1];
            assertThat(train.labels()[i]).as(train.names().get(i)).isEqualTo(CLASSES.indexOf(cls));
        }
        assertThat(train.names().subList(0, 12)).as("classes mixed, so a limit keeps several")
                .isNotEqualTo(train.names().subList(0, 12).stream().sorted().toList());
        assertThat(new FolderImageReader().read(dir, 0, 0).train().names()).as("the same ids again")
                .isEqualTo(train.names());
        assertThat(images.test().size()).isEqualTo(6);

        RawImages limited = new FolderImageReader().read(dir, 5, 0).train();
        assertThat(limited.size()).as("the limit keeps labelled ones; the unlabeled stay").isEqualTo(8);
        assertThat(limited.names().subList(0, 5)).isEqualTo(train.names().subList(0, 5));
    }

    @Test
    void anImageWhoseHeaderClaimsTooManyPixelsIsRefusedBeforeItIsDecoded() throws IOException {
        ImageFolders.write(dir, CLASSES, 2, 1, 0, 2);
        Files.write(dir.resolve("train/fox/huge.png"), ImageFolders.pngClaiming(40_000, 40_000));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> new FolderImageReader().read(dir, 0, 0)).isInstanceOf(DataException.class)
                .hasMessage("train/fox/huge.png: 40000 x 40000 pixels (1,600,000,000) is more than the limit of "
                        + "40,000,000 pixels per image");
        assertThat((System.nanoTime() - t0) / 1e9).as("refused from the header, not after a 6 GB decode").isLessThan(5);
        assertThatThrownBy(() -> new FolderImageReader(48 * 40 - 1).read(dir, 0, 0)).isInstanceOf(DataException.class)
                .hasMessageContaining(": 48 x 40 pixels (1,920) is more than the limit of 1,919 pixels per image");
    }

    @Test
    void aClassFolderWithAControlCharacterIsRefusedNamingIt() throws IOException {
        ImageFolders.write(dir, List.of("cat", "new\nline"), 2, 1, 0, 2);
        assertThatThrownBy(() -> new FolderImageReader().read(dir, 0, 0)).isInstanceOf(DataException.class)
                .hasMessage("train/new\\u000Aline: a class name may not hold control characters (U+000A)");
    }

    @Test
    void badFilesAndFoldersAreRefusedNamingThem() throws IOException {
        ImageFolders.write(dir, CLASSES, 2, 1, 0, 2);
        Path bad = dir.resolve("train/cat/bad.png");
        Files.write(bad, "not an image at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new FolderImageReader().read(dir, 0, 0)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("train/cat/bad.png:");
        Files.delete(bad);

        Path jpeg = dir.resolve("train/dog/cut.jpg");
        ImageFolders.save(ImageFolders.halves(64, 64, Color.RED, Color.BLUE), jpeg, "jpeg");
        byte[] whole = Files.readAllBytes(jpeg);
        Files.write(jpeg, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> new FolderImageReader().read(dir, 0, 0)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("train/dog/cut.jpg: damaged or truncated image");
        Path png = dir.resolve("train/dog/cut.png");
        Files.move(jpeg, dir.resolve("cut.jpg"));
        ImageFolders.save(ImageFolders.halves(64, 64, Color.RED, Color.BLUE), png, "png");
        byte[] pngBytes = Files.readAllBytes(png);
        Files.write(png, Arrays.copyOf(pngBytes, pngBytes.length / 2));
        assertThatThrownBy(() -> new FolderImageReader().read(dir, 0, 0)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("train/dog/cut.png: damaged or truncated image");
        Files.delete(png);

        Files.createDirectories(dir.resolve("train/emu"));
        assertThatThrownBy(() -> new FolderImageReader().read(dir, 0, 0))
                .hasMessage("train/emu: no images in this class folder (PNG, JPEG, BMP or GIF)");
        Files.delete(dir.resolve("train/emu"));

        ImageFolders.save(ImageFolders.halves(32, 32, Color.RED, Color.BLUE), dir.resolve("test/zebra/z.png"), "png");
        assertThatThrownBy(() -> new FolderImageReader().read(dir, 0, 0))
                .hasMessage("test/zebra: class 'zebra' is not among train/'s classes (cat, dog, fox)");

        Path empty = Files.createDirectories(dir.resolve("nothing/train"));
        assertThatThrownBy(() -> new FolderImageReader().read(empty.getParent(), 0, 0))
                .hasMessageContaining("no class folders in train/");
    }

    private DataSplit load(Path folder) {
        return new DatasetLoader().load(new DataRequest(DatasetKind.FOLDER, folder, 0, 0, null));
    }

    private static ExperimentSpec spec(String extra) {
        return ExperimentSpec.fromJson("{\"kind\":\"dense\",\"dataset\":\"folder\",\"initial\":6,\"budget\":3,"
                + "\"rounds\":1,\"epochs\":1,\"batch\":4,\"seed\":3" + extra + "}");
    }

    @Test
    void theDatasetOracleLeavesUnlabeledImagesOutAndTheFileOracleLabelsThemFromACsvOrALabelStudioExport()
            throws IOException {
        ImageFolders.write(dir.resolve("set"), CLASSES, 4, 2, 3, 1);
        DataSplit split = load(dir.resolve("set"));
        assertThat(new RoundSteps(spec(""), split).data().train().size()).isEqualTo(12);

        List<String> names = split.train().sampleNames();
        String u0 = names.get(12);
        String u1 = names.get(13);
        Path csv = Files.writeString(dir.resolve("labels.csv"), "id,label\n" + u0 + ",fox\n13,dog\n");
        Dataset labelled = new RoundSteps(spec(",\"oracle\":\"file\",\"labels\":\"" + csv + "\""), split).data().train();
        assertThat(labelled.size()).as("the unlabeled image the file does not label stays out").isEqualTo(14);
        assertThat(labelled.sampleNames().subList(12, 14)).containsExactly(u0, u1);
        assertThat(labelled.label(12)).isEqualTo(2);
        assertThat(labelled.label(13)).isEqualTo(1);
        assertThat(labelled.label(0)).isEqualTo(split.train().label(0));

        Path json = Files.writeString(dir.resolve("export.json"), "[{\"id\":7,\"data\":{\"image\":\"/data/upload/1/"
                + "a1b2c3-" + u1.substring("unlabeled/".length()) + "\"},\"annotations\":[{\"was_cancelled\":false,"
                + "\"result\":[{\"type\":\"choices\",\"value\":{\"choices\":[\"cat\"]}}]}]},"
                + "{\"id\":8,\"data\":{\"image\":\"/x/none.png\"},\"annotations\":[]}]");
        Dataset fromStudio = new RoundSteps(spec(",\"oracle\":\"file\",\"labels\":\"" + json + "\""), split).data().train();
        assertThat(fromStudio.size()).isEqualTo(13);
        assertThat(fromStudio.sampleName(12)).isEqualTo(u1);
        assertThat(fromStudio.label(12)).isEqualTo(0);

        Path badClass = Files.writeString(dir.resolve("bad.csv"), "id,label\n0,cat\n1,zebra\n");
        assertThatThrownBy(() -> new RoundSteps(spec(",\"oracle\":\"file\",\"labels\":\"" + badClass + "\""), split))
                .isInstanceOf(DataException.class)
                .hasMessage("bad.csv line 3: unknown class 'zebra' (classes: cat, dog, fox)");
        Path badSample = Files.writeString(dir.resolve("ghost.csv"), "id,label\nunlabeled/ghost.png,cat\n");
        assertThatThrownBy(() -> new RoundSteps(spec(",\"oracle\":\"file\",\"labels\":\"" + badSample + "\""), split))
                .hasMessageStartingWith("ghost.csv line 2: no sample 'unlabeled/ghost.png' in the data set");
        assertThat(SpecValidation.validate(spec(",\"oracle\":\"file\""))).contains("labels: oracle 'file' needs a label file (--labels FILE)");
        assertThat(SpecValidation.validate(spec(",\"oracle\":\"crowd\""))).anyMatch(e -> e.startsWith("oracle: unknown 'crowd'"));
    }

    @Test
    void aFolderExperimentWritesItsManifestAndLabelsAndTheLabelsFileReplaysIt() throws IOException {
        Path set = ImageFolders.write(dir.resolve("set"), CLASSES, 6, 2, 5, 5);
        DataSplit split = load(set);
        Path first = dir.resolve("first");
        List<RoundResult> rounds = new ExperimentRunner(spec(""), split, new DirectorySink(first), null).run();
        List<String> manifest = Files.readAllLines(first.resolve("manifest.csv"));
        assertThat(manifest.get(0)).isEqualTo("part,id,file");
        assertThat(manifest).as("the pool: the labelled images; unlabeled/ has no labels for this oracle")
                .hasSize(1 + 18 + 6).contains("pool,0," + split.train().sampleName(0));
        List<String> labels = Files.readAllLines(first.resolve("labels.csv"));
        assertThat(labels.get(0)).isEqualTo("id,label,file,round");
        assertThat(labels).hasSize(1 + 6 + 3);
        assertThat(labels.stream().skip(1).filter(l -> l.endsWith(",1"))).as("labelled in round 1").hasSize(3);

        Path again = dir.resolve("again");
        List<RoundResult> replayed = new ExperimentRunner(spec(",\"oracle\":\"file\",\"labels\":\""
                + first.resolve("labels.csv") + "\""), split, new DirectorySink(again), null).run();
        assertThat(replayed).extracting(RoundResult::testAccuracy)
                .containsExactlyElementsOf(rounds.stream().map(RoundResult::testAccuracy).toList());
        assertThat(Files.readAllLines(again.resolve("labels.csv"))).isEqualTo(labels);
    }

    @Test
    void unlabeledImagesNoLabelFileNamesStayOutOfThePool() throws IOException {
        Path set = ImageFolders.write(dir.resolve("set"), CLASSES, 2, 1, 4, 9);
        DataSplit split = load(set);
        Path csv = Files.writeString(dir.resolve("few.csv"), "id,label\n");
        ExperimentSpec s = ExperimentSpec.fromJson("{\"kind\":\"dense\",\"dataset\":\"folder\",\"initial\":10,"
                + "\"budget\":1,\"rounds\":0,\"epochs\":1,\"batch\":4,\"oracle\":\"file\",\"labels\":\"" + csv + "\"}");
        assertThatThrownBy(() -> new ExperimentRunner(s, split, new DirectorySink(dir.resolve("out")), null).run())
                .hasMessageContaining("initial: 10 labels requested but the training pool has 6 samples");
    }
}
