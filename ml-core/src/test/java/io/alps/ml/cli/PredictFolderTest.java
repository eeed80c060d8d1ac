package io.alps.ml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.report.DirectorySink;
import io.alps.api.spec.DatasetKind;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.ExperimentRunner;
import io.alps.ml.al.FinalModel;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.DatasetLoader;
import io.alps.ml.data.StoreFolder;
import io.alps.ml.testdata.ImageFolders;
import io.alps.ml.train.Evaluator;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./alps predict --data DIR} on an experiment's final_model.zip prepares a folder's image
 * files as the experiment prepared its own (side, training statistics) and names their classes:
 * the probabilities equal the experiment's evaluation of the same images.
 */
class PredictFolderTest {
    private static final List<String> CLASSES = List.of("cat", "dog", "fox");
    /** Not the default 32, so a prediction at another side than the training's would show. */
    private static final int SIDE = 40;

    @TempDir
    Path tmp;
    @RegisterExtension
    final CapturedErr err = new CapturedErr();

    @Test
    void aFolderOfImagesGetsTheClassesAndProbabilitiesOfTheExperimentsOwnEvaluation() throws Exception {
        Path set = ImageFolders.write(tmp.resolve("set"), CLASSES, 6, 3, 0, 4);
        DataSplit split = new DatasetLoader(new StoreFolder(tmp.resolve("stores")))
                .load(new DataRequest(DatasetKind.FOLDER, set, 0, 0, null, SIDE));
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"dense\",\"dataset\":\"folder\",\"imageSize\":" + SIDE
                + ",\"initial\":9,\"budget\":3,\"rounds\":1,\"epochs\":2,\"batch\":4,\"seed\":5}");
        Path experiment = tmp.resolve("experiment");
        new ExperimentRunner(spec, split, new DirectorySink(experiment), null).run();
        Path model = experiment.resolve(FinalModel.CHECKPOINT);
        NetworkState trained = NetworkStateCodec.fromBytes(Files.readAllBytes(model), model.toString());
        Map<String, float[]> evaluated = new HashMap<>();
        int[] ids = IntStream.range(0, split.test().size()).toArray();
        Evaluator.probabilities(trained.network(), split.test(), ids, (chunk, p) -> {
            for (int i = 0; i < chunk.length; i++) {
                evaluated.put(split.test().sampleName(chunk[i]), java.util.Arrays.copyOfRange(p, i * 3, i * 3 + 3));
            }
        });
        Path out = tmp.resolve("predicted/predictions.csv");

        assertThat(AlpsCli.execute("predict", "--model", model.toString(), "--data", set.resolve("test").toString(),
                "--out", out.toString())).isZero();

        List<CSVRecord> rows;
        try (Reader r = Files.newBufferedReader(out)) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
        assertThat(rows).extracting(row -> row.get("file"))
                .as("every test image, in path order").isSorted().hasSize(split.test().size());
        for (CSVRecord row : rows) {
            float[] p = evaluated.get("test/" + row.get("file"));
            assertThat(p).as(row.get("file") + " is a test image").isNotNull();
            int best = IntStream.range(0, 3).reduce((a, b) -> p[b] > p[a] ? b : a).getAsInt();
            assertThat(row.get("class")).as(row.get("file")).isEqualTo(CLASSES.get(best));
            assertThat(Double.parseDouble(row.get("probability"))).as(row.get("file")).isCloseTo(p[best],
                    org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(rows.stream().map(row -> row.get("class")).distinct().count())
                .as("more than one class predicted, so a class name mix-up shows").isGreaterThan(1);
    }

    @Test
    void aCheckpointThatDoesNotRecordItsImagePreparationIsRefused() throws Exception {
        Path set = ImageFolders.write(tmp.resolve("set"), CLASSES, 1, 1, 0, 4);
        io.alps.api.model.NetworkPlan plan = io.alps.api.model.Architectures.get("conv2")
                .plan(new io.alps.api.model.ImageShape(3, 32, 32), 3);
        NetworkState state = new NetworkState(plan, io.alps.ml.model.NetworkBuilder.build(plan, 1e-3, 4));
        Path old = Files.write(tmp.resolve(FinalModel.CHECKPOINT), NetworkStateCodec.toBytes(state));
        Path out = tmp.resolve("p.csv");

        assertThat(AlpsCli.execute("predict", "--model", old.toString(), "--data", set.toString(), "--out",
                out.toString())).isEqualTo(AlpsCli.USER_ERROR);

        assertThat(err.toString()).contains(old + " does not record how its images were prepared "
                + "(normalisation, image side, class names)");
        assertThat(out).doesNotExist();
    }
}
