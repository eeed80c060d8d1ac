package io.alps.ml.al;

import io.alps.api.validation.SpecValidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.data.DataException;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.SampleImages;
import io.alps.ml.testdata.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The engine's side of the human oracle: the pool, the answers, and the images people judge. */
class HumanOracleStepsTest {
    private static final DataSplit DATA = TestData.split(300, 100, 5);
    private static final String SPEC = "{\"kind\":\"dense\",\"initial\":60,\"budget\":40,\"rounds\":1,\"epochs\":2,"
            + "\"batch\":32,\"seed\":9%s}";

    private static ExperimentSpec spec(String oracle) {
        return ExperimentSpec.fromJson(String.format(SPEC, oracle == null ? "" : ",\"oracle\":\"" + oracle + "\""));
    }

    /** The true labels of {@code ids}, as a person who knows them would answer. */
    private static Map<Integer, String> truth(int[] ids) {
        Map<Integer, String> answers = new TreeMap<>();
        for (int id : ids) {
            answers.put(id, DATA.train().classNames().get(DATA.train().label(id)));
        }
        return answers;
    }

    @Test
    void answeringWithTheTrueLabelsTrainsExactlyAsTheDatasetOracleDoes() {
        RoundSteps byDataset = new RoundSteps(spec(null), DATA);
        RoundSteps byPeople = new RoundSteps(spec("human"), DATA);
        int[] initial = byPeople.initialLabels();
        assertThat(initial).isEqualTo(byDataset.initialLabels());

        RoundResult expected = byDataset.train(0, byDataset.initialNetwork(), initial, null);
        RoundResult actual = byPeople.withAnswers(truth(initial)).train(0, byPeople.initialNetwork(), initial, null);
        assertThat(actual.testAccuracy()).isEqualTo(expected.testAccuracy());
        assertThat(actual.trainLoss()).isEqualTo(expected.trainLoss());
    }

    @Test
    void nothingIsTrainedOnBeforeItIsAnsweredAndTheErrorNamesTheSample() {
        RoundSteps byPeople = new RoundSteps(spec("human"), DATA);
        int[] initial = byPeople.initialLabels();
        Map<Integer, String> allButOne = truth(initial);
        allButOne.remove(initial[3]);

        assertThat(byPeople.asksPeople()).isTrue();
        assertThat(byPeople.data().train().size()).as("the pool is every training sample").isEqualTo(300);
        assertThatThrownBy(() -> byPeople.withAnswers(allButOne).train(0, byPeople.initialNetwork(), initial, null))
                .hasMessageContaining("sample " + initial[3]).hasMessageContaining("no label yet");
        assertThatThrownBy(() -> byPeople.withAnswers(Map.of(initial[0], "zebra")))
                .isInstanceOf(DataException.class).hasMessageContaining("sample " + initial[0])
                .hasMessageContaining("unknown class 'zebra'");
    }

    @Test
    void oneProcessSaysThatPeopleLabelThroughTheServices() {
        assertThatThrownBy(() -> new ExperimentRunner(spec("human"), DATA, null, null))
                .isInstanceOf(ExperimentSpec.SpecException.class).hasMessageContaining("./alps stack");
    }

    @Test
    void aKindThatEndsWithTrainingOnEveryLabelIsRefusedUnlessThatIsOff() {
        ExperimentSpec popup = ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"oracle\":\"human\"}");
        assertThat(SpecValidation.validate(popup)).anyMatch(e -> e.startsWith("oracle:") && e.contains("--no-comparison"));
        assertThat(SpecValidation.validate(popup.with(Map.of("finalComparison", false)))).isEmpty();
    }

    @Test
    void aQueriedSampleIsAPngOfTheNetworksInputSize() throws IOException {
        var image = ImageIO.read(new ByteArrayInputStream(SampleImages.png(DATA.train(), 7)));
        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(image.getHeight()).isEqualTo(32);
        // The class shows as a brighter band; the picture keeps it (the stretch is over the whole image).
        int label = DATA.train().label(7);
        int bandRow = label * (32 / 10) + 1;
        int otherRow = ((label + 5) % 10) * (32 / 10) + 1;
        assertThat(image.getRaster().getSample(5, bandRow, 0)).isGreaterThan(image.getRaster().getSample(5, otherRow, 0));
    }
}
