package io.alps.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.kind.DenseKind;
import io.alps.api.kind.lth.LthKind;
import io.alps.api.kind.lth.LthOptions;
import io.alps.api.kind.popup.EdgePopupOptions;
import io.alps.api.report.Json;
import io.alps.api.validation.SpecValidation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentSpecTest {
    /** The JSON of the default dense spec as every earlier version wrote it (services and stored runs hold it). */
    private static final String DENSE_DEFAULTS_JSON = "{\"kind\":\"dense\",\"dataset\":\"cifar10\",\"architecture\":\"lenet5\","
            + "\"seed\":1,\"strategy\":\"least-confidence\",\"initial\":2000,\"budget\":6000,\"rounds\":5,\"epochs\":20,"
            + "\"batch\":128,\"lr\":0.001,\"trainLimit\":0,\"testLimit\":0,\"keepTraining\":false,\"k\":0.5,"
            + "\"pruneRatio\":0.02,\"rewind\":\"theta0\",\"pruneDense\":false,\"finalComparison\":true}";

    @Test
    void defaultsReproduceTheReferenceSchedule() {
        ExperimentSpec spec = ExperimentSpec.defaults("dense");
        assertThat(spec.initial()).isEqualTo(2000);
        assertThat(spec.budget()).isEqualTo(6000);
        assertThat(spec.rounds()).isEqualTo(5);
        assertThat(spec.epochs()).isEqualTo(20);
        assertThat(spec.batch()).isEqualTo(128);
        assertThat(spec.lr()).isEqualTo(0.001);
        assertThat(spec.strategy()).isEqualTo("least-confidence");
        assertThat(spec.options()).isEqualTo(new DenseKind.Options(false));
        assertThat(ExperimentSpec.defaults("edge-popup").options(EdgePopupOptions.class).k()).isEqualTo(0.5);
        assertThat(ExperimentSpec.defaults("lth").options(LthOptions.class).pruneRatio()).isEqualTo(0.02);
        assertThat(SpecValidation.validate(spec)).isEmpty();
    }

    @Test
    void jsonIsFlatUsesTheCliNamesInCamelCaseAndFillsDefaults() {
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"lth\",\"trainLimit\":500,\"pruneRatio\":0.1}");
        assertThat(spec.kind()).isEqualTo("lth");
        assertThat(spec.trainLimit()).isEqualTo(500);
        assertThat(spec.options(LthOptions.class).pruneRatio()).isEqualTo(0.1);
        assertThat(spec.epochs()).isEqualTo(20);
        assertThat(ExperimentSpec.fromJson(spec.toJson())).isEqualTo(spec);
        assertThat(spec.toJson()).contains("\"trainLimit\":500", "\"pruneRatio\":0.1").doesNotContain("options");
    }

    @Test
    void theFlatJsonOfEarlierVersionsIsWrittenByteForByte() {
        assertThat(ExperimentSpec.defaults("dense").toJson()).isEqualTo(DENSE_DEFAULTS_JSON);
        assertThat(ExperimentSpec.fromJson(DENSE_DEFAULTS_JSON).toJson()).isEqualTo(DENSE_DEFAULTS_JSON);
        String popup = "{\"kind\":\"edge-popup\",\"dataset\":\"cifar10\",\"architecture\":\"lenet5\",\"seed\":1,"
                + "\"strategy\":\"least-confidence\",\"initial\":2000,\"budget\":6000,\"rounds\":5,\"epochs\":20,\"batch\":128,"
                + "\"lr\":0.001,\"trainLimit\":0,\"testLimit\":0,\"keepTraining\":false,\"k\":0.3,\"pruneRatio\":0.02,"
                + "\"rewind\":\"theta0\",\"pruneDense\":false,\"finalComparison\":false,\"mask\":\"random\"}";
        assertThat(ExperimentSpec.fromJson(popup).toJson()).isEqualTo(popup);
        String lth = "{\"kind\":\"lth\",\"dataset\":\"cifar10\",\"architecture\":\"lenet5\",\"seed\":1,"
                + "\"strategy\":\"least-confidence\",\"initial\":2000,\"budget\":6000,\"rounds\":5,\"epochs\":20,\"batch\":128,"
                + "\"lr\":0.001,\"trainLimit\":0,\"testLimit\":0,\"keepTraining\":false,\"k\":0.5,\"pruneRatio\":0.1,"
                + "\"rewind\":\"keep\",\"pruneDense\":true,\"finalComparison\":true,\"oracle\":\"file\",\"labels\":\"l.csv\","
                + "\"pruneRoundTo\":16}";
        assertThat(ExperimentSpec.fromJson(lth).toJson()).isEqualTo(lth);
    }

    @Test
    void anyJacksonMapperReadsAndWritesTheFlatForm() throws Exception {
        record Stored(String id, ExperimentSpec spec) {
        }
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"k\":0.3}");
        String json = Json.mapper().writeValueAsString(new Stored("e1", spec));
        assertThat(Json.mapper().readTree(json).get("spec").get("k").asDouble()).isEqualTo(0.3);
        assertThat(Json.mapper().readValue(json, Stored.class).spec()).isEqualTo(spec);
    }

    @Test
    void anotherKindsFirstVersionFieldsAreCarriedAndHaveNoEffect() {
        // Specs of the first version carried every kind's fields: a dense control of an edge-popup sweep had its k.
        ExperimentSpec dense = ExperimentSpec.fromJson("{\"kind\":\"dense\",\"k\":0.3,\"pruneRatio\":0.1}");
        assertThat(dense.options()).isEqualTo(new DenseKind.Options(false));
        assertThat(dense.toJson()).contains("\"k\":0.3", "\"pruneRatio\":0.1");
        assertThat(dense.hash()).isNotEqualTo(ExperimentSpec.defaults("dense").hash());
        assertThat(SpecValidation.validate(dense)).isEmpty();
        assertThat(dense.withKind("lth").options(LthOptions.class).pruneRatio()).as("the kind it belongs to uses it")
                .isEqualTo(0.1);
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"dense\",\"k\":1}").toJson()).as("written as its kind writes it")
                .contains("\"k\":1.0");
    }

    @Test
    void aLaterFieldOfAnotherKindIsRejectedUnlessAtItsDefault() {
        assertThatThrownBy(() -> ExperimentSpec.fromJson("{\"kind\":\"dense\",\"mask\":\"random\"}"))
                .isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessage("invalid experiment spec: mask: 'random' is a field of kind edge-popup and does not apply to kind 'dense'");
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"dense\",\"mask\":\"learned\",\"pruneRoundTo\":1}"))
                .isEqualTo(ExperimentSpec.defaults("dense"));
        assertThat(ExperimentSpec.defaults("edge-popup").with(Map.of("mask", "random")).withKind("dense"))
                .as("a change of kind resets the old kind's later fields").isEqualTo(ExperimentSpec.defaults("dense"));
    }

    @Test
    void everyBadFieldIsListed() {
        ExperimentSpec bad = ExperimentSpec.fromJson(
                "{\"kind\":\"sparse\",\"strategy\":\"psychic\",\"epochs\":0,\"lr\":-1,\"k\":1.5,\"pruneRatio\":1.0,\"rewind\":\"epoch:x\"}");
        // k, pruneRatio and rewind belong to kinds; an unknown kind owns none of them.
        assertThat(SpecValidation.validate(bad)).containsExactly(
                "kind: unknown 'sparse', expected one of " + String.join(", ", io.alps.api.kind.Kinds.names()),
                "strategy: unknown 'psychic', expected one of least-confidence, entropy, margin, random, bald, badge, coreset",
                "epochs: must be >= 1 (got 0)",
                "lr: must be > 0 (got -1.0)");
        assertThat(SpecValidation.validate(bad.with(Map.of("kind", "lth")))).contains(
                "pruneRatio: must be in [0, 1) (got 1.0)",
                "rewind: unknown 'epoch:x', expected theta0, epoch:E, random or keep")
                .noneMatch(e -> e.startsWith("k:"));
        assertThat(SpecValidation.validate(bad.with(Map.of("kind", "edge-popup")))).contains("k: must be in (0, 1] (got 1.5)")
                .noneMatch(e -> e.startsWith("pruneRatio:"));
        assertThatThrownBy(() -> SpecValidation.requireValid(bad)).isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessageStartingWith("invalid experiment spec: kind: unknown 'sparse'");
    }

    @Test
    void unknownOrMistypedJsonFieldIsRejectedByName() {
        assertThatThrownBy(() -> ExperimentSpec.fromJson("{\"epochz\":3}"))
                .isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessageContaining("epochz");
        assertThatThrownBy(() -> ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"k\":\"half\"}"))
                .isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessageStartingWith("invalid experiment spec: k: ");
    }

    @Test
    void scheduleMustFitThePool() {
        assertThat(ExperimentSpec.defaults("dense").validateAgainstPool(50_000)).isEmpty();
        assertThat(ExperimentSpec.defaults("dense").validateAgainstPool(20_000))
                .containsExactly("budget: 2000 initial + 5 rounds x 6000 = 32000 labels exceed the training pool of 20000 samples");
    }

    @Test
    void hashIsStableAndDistinguishesSpecs() {
        assertThat(ExperimentSpec.defaults("dense").hash()).isEqualTo(ExperimentSpec.defaults("dense").hash()).hasSize(12);
        assertThat(ExperimentSpec.defaults("lth").hash()).isNotEqualTo(ExperimentSpec.defaults("dense").hash());
    }

    @Test
    void hashesOfFinishedRunsStayValidAsFieldsAreAdded() {
        // Pinned: sweeps recognise finished members by these hashes, so a new field must not change them.
        assertThat(ExperimentSpec.defaults("dense").hash()).isEqualTo("20b0bb9e29e9");
        assertThat(ExperimentSpec.defaults("edge-popup").hash()).isEqualTo("9e857519bfa2");
        assertThat(ExperimentSpec.defaults("edge-popup").with(Map.of("mask", "learned")).hash())
                .isEqualTo("9e857519bfa2");
        assertThat(ExperimentSpec.defaults("edge-popup").with(Map.of("mask", "random")).hash())
                .isNotEqualTo("9e857519bfa2");
        // Measured with the spec as one flat record of every kind's fields, before kinds had their own.
        assertThat(ExperimentSpec.defaults("lth").hash()).isEqualTo("a9f13ed790e0");
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"lth\",\"pruneRatio\":0.1,\"rewind\":\"keep\",\"pruneDense\":true,"
                + "\"pruneRoundTo\":16}").hash()).isEqualTo("92d48079acfa");
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"k\":0.3,\"mask\":\"random\",\"finalComparison\":false}")
                .hash()).isEqualTo("175665fc144a");
    }

    @Test
    void aPretrainedStartIsPartOfTheSpecAndAnUnfrozenBackboneLeavesTheHashAlone() {
        ExperimentSpec dense = ExperimentSpec.defaults("dense");
        assertThat(dense.with(Map.of("freezeBackbone", false)).hash()).isEqualTo("20b0bb9e29e9");
        assertThat(dense.with(Map.of("freezeBackbone", false)).toJson()).doesNotContain("freezeBackbone");

        ExperimentSpec pretrained = ExperimentSpec.fromJson("{\"kind\":\"dense\",\"initFrom\":\"runs/a/final_model.zip\","
                + "\"freezeBackbone\":true}");
        assertThat(pretrained.initFrom()).isEqualTo("runs/a/final_model.zip");
        assertThat(pretrained.backboneFrozen()).isTrue();
        assertThat(ExperimentSpec.fromJson(pretrained.toJson())).isEqualTo(pretrained);
        assertThat(pretrained.hash()).isNotEqualTo(dense.hash());
        assertThat(SpecValidation.validate(pretrained)).isEmpty();
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"freezeBackbone\":true,"
                + "\"initFrom\":\" \"}"))).containsExactly(
                "initFrom: empty; name an ALPS checkpoint (final_model.zip) or an ONNX file",
                "freezeBackbone: trains only the output layer of kind 'dense'; kind 'edge-popup' changes the layers before it");
    }

    @Test
    void randomMaskIsEdgePopupsControl() {
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"mask\":\"random\"}").options(EdgePopupOptions.class)
                .randomMask()).isTrue();
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"mask\":\"learned\"}").options(EdgePopupOptions.class)
                .randomMask()).isFalse();
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"mask\":\"magic\"}")))
                .containsExactly("mask: unknown 'magic', expected learned or random");
        assertThatThrownBy(() -> ExperimentSpec.defaults("dense").options(EdgePopupOptions.class))
                .hasMessage("a spec of kind 'dense' has no EdgePopupOptions");
    }

    @Test
    void baldNeedsDropoutAndItsSettingsAreChecked() {
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"strategy\":\"bald\"}"))).containsExactly(
                "strategy: bald needs a network with dropout (dropout, --dropout P, e.g. 0.5): without it its 20 passes "
                        + "agree and every sample scores 0");
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"strategy\":\"bald\",\"dropout\":0.5,\"mcSamples\":8}")))
                .isEmpty();
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"dropout\":1.0,\"mcSamples\":1}"))).containsExactly(
                "dropout: must be in [0, 1) (got 1.0)", "mcSamples: must be >= 2 (got 1)");
        assertThat(ExperimentSpec.fromJson("{\"dropout\":0,\"mcSamples\":20}").hash())
                .as("the defaults written out keep the hash").isEqualTo(ExperimentSpec.fromJson("{}").hash());
    }

    @Test
    void pruneRoundToIsStructuredPruningsAndItsDefaultKeepsTheHash() {
        ExperimentSpec aligned = ExperimentSpec.fromJson("{\"kind\":\"lth\",\"pruneRoundTo\":16}");
        assertThat(SpecValidation.validate(aligned)).isEmpty();
        assertThat(aligned.options(LthOptions.class).pruneMultiple()).isEqualTo(16);
        assertThat(LthKind.schedule(aligned).roundTo()).isEqualTo(16);
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"kind\":\"lth\",\"pruneRoundTo\":0}")))
                .containsExactly("pruneRoundTo: must be >= 1, 1 meaning counts as they fall (got 0)");
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"lth\",\"pruneRoundTo\":1}").hash())
                .as("the default written out keeps the hash").isEqualTo(ExperimentSpec.defaults("lth").hash());
    }

    @Test
    void imageSizeKeepsEveryEarlierHashAtItsDefaultAndIsChecked() {
        assertThat(ExperimentSpec.fromJson("{\"imageSize\":32}").hash()).as("32 written out").isEqualTo("20b0bb9e29e9");
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"lth\",\"imageSize\":32}").hash()).isEqualTo("a9f13ed790e0");
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"k\":0.3,\"mask\":\"random\","
                + "\"finalComparison\":false,\"imageSize\":32}").hash()).isEqualTo("175665fc144a");
        assertThat(ExperimentSpec.defaults("dense").toJson()).doesNotContain("imageSize");
        assertThat(ExperimentSpec.defaults("dense").imageSide()).isEqualTo(32);

        ExperimentSpec large = ExperimentSpec.defaults("dense").with(Map.of("imageSize", 64));
        assertThat(large.imageSide()).isEqualTo(64);
        assertThat(large.toJson()).endsWith(",\"imageSize\":64}");
        assertThat(large.hash()).isNotEqualTo("20b0bb9e29e9");
        assertThat(ExperimentSpec.fromJson(large.toJson())).isEqualTo(large);
        assertThat(SpecValidation.validate(large)).isEmpty();
        assertThat(SpecValidation.validate(large.with(Map.of("architecture", "resnet18-imagenet")))).isEmpty();

        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"imageSize\":8}")))
                .containsExactly("imageSize: 8 is below the smallest side, 16");
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"imageSize\":1024}")))
                .containsExactly("imageSize: 1024 is above the largest side, 512");
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"architecture\":\"resnet18-imagenet\"}")))
                .singleElement().asString().startsWith("imageSize: resnet18-imagenet needs images of at least 64x64")
                .contains("3x32x32");
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"architecture\":\"vgg11\",\"imageSize\":24}")))
                .containsExactly("imageSize: vgg11 needs images of at least 32x32 (five 2x2 pools), got 3x24x24");
    }
}
