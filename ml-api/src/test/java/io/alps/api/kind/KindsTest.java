package io.alps.api.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.kind.lth.LthKind;
import io.alps.api.kind.popup.EdgePopupKind;
import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.sweep.Config;
import io.alps.api.sweep.SweepJson;
import io.alps.api.validation.SpecValidation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KindsTest {
    private static ExperimentSpec spec(String kind, Map<String, ?> fields) {
        return ExperimentSpec.defaults(kind).with(fields);
    }

    @Test
    void everyKindIsRegisteredAndAnUnknownOneIsNamed() {
        assertThat(Kinds.names()).startsWith(DenseKind.NAME, EdgePopupKind.NAME, LthKind.NAME);
        assertThatThrownBy(() -> Kinds.get("psychic")).hasMessageContaining("psychic").hasMessageContaining("lth");
        assertThat(SpecValidation.validate(ExperimentSpec.fromJson("{\"kind\":\"psychic\"}")))
                .anyMatch(e -> e.startsWith("kind: unknown 'psychic'"));
    }

    @Test
    void aKindChecksOnlyTheFieldsItOwns() {
        // k belongs to edge-popup: a dense spec with a nonsense k is still a valid dense spec.
        assertThat(SpecValidation.validate(spec("dense", Map.of("k", 7.0)))).isEmpty();
        assertThat(SpecValidation.validate(spec("edge-popup", Map.of("k", 7.0)))).containsExactly("k: must be in (0, 1] (got 7.0)");
        assertThat(SpecValidation.validate(spec("lth", Map.of("pruneRatio", 1.5, "rewind", "sometimes"))))
                .containsExactly("pruneRatio: must be in [0, 1) (got 1.5)",
                        "rewind: unknown 'sometimes', expected theta0, epoch:E, random or keep");
        assertThat(SpecValidation.validate(spec("lth", Map.of("rewind", "epoch:30"))))
                .containsExactly("rewind: epoch:30 is after the last of the 20 epochs round 0 trains");
        assertThatThrownBy(() -> spec("dense", Map.of("mask", "random"))).hasMessageContaining("mask: 'random'");
    }

    @Test
    void aKindSaysWhatTheServicesRunAndWhetherItTrainsAfterTheRounds() {
        assertThat(Kinds.get(LthKind.NAME).servicesProblems(spec("lth", Map.of("rewind", "epoch:2"))))
                .singleElement().asString().contains("late rewinding");
        assertThat(Kinds.get(LthKind.NAME).servicesProblems(spec("lth", Map.of()))).isEmpty();
        assertThat(Kinds.get(EdgePopupKind.NAME).hasFinalTraining(spec("edge-popup", Map.of()))).isTrue();
        assertThat(Kinds.get(EdgePopupKind.NAME).hasFinalTraining(spec("edge-popup", Map.of("finalComparison", false))))
                .isFalse();
        assertThat(Kinds.get(DenseKind.NAME).hasFinalTraining(spec("dense", Map.of()))).isFalse();
    }

    @Test
    void aKindValidatesAgainstTheLaidOutNetwork() {
        var plan = Architectures.get("lenet5").plan(new ImageShape(3, 32, 32), 10);
        assertThat(Kinds.get(LthKind.NAME).validate(spec("lth", Map.of("pruneRatio", 0.9)), plan))
                .anyMatch(e -> e.startsWith("pruneRatio:"));
        assertThat(Kinds.get(LthKind.NAME).validate(spec("lth", Map.of()), plan)).isEmpty();
    }

    @Test
    void sweepAxesAndControlsComeFromTheKinds() {
        var popup = SweepJson.parse("{\"kind\":\"edge-popup\",\"k\":[0.3,0.5],\"controls\":[\"random-mask\",\"dense\"]}");
        assertThat(popup.configurations().stream().map(Config::label)).containsExactly(
                "edge-popup least-confidence k=0.3", "edge-popup least-confidence k=0.3 random-mask",
                "edge-popup least-confidence k=0.5", "edge-popup least-confidence k=0.5 random-mask",
                "dense least-confidence");
        var lth = SweepJson.parse("{\"kind\":\"lth\",\"pruneRatio\":[0.1],\"controls\":[\"random-reinit\"]}");
        assertThat(lth.configurations().stream().map(Config::label)).containsExactly(
                "lth least-confidence p=0.1 rewind=theta0", "lth least-confidence p=0.1 rewind=random");
        Config ticket = lth.configurations().get(0);
        assertThat(ticket.controlFor("random-reinit")).isEqualTo(lth.configurations().get(1));
        assertThat(ticket.controlFor("random-mask")).as("not edge-popup's control").isNull();
        assertThat(Controls.all()).containsKeys("random-sampling", "random-mask", "random-reinit", "dense");
    }

    @Test
    void aSweepOverNetworksComparesEachWithItsControlsOnTheSameNetwork() {
        var sweep = SweepJson.parse("{\"kind\":\"edge-popup\",\"architecture\":[\"lenet5\",\"conv4\"],"
                + "\"controls\":[\"dense\",\"random-sampling\"]}");
        assertThat(sweep.configurations().stream().map(Config::label)).containsExactly(
                "edge-popup least-confidence k=0.5", "edge-popup random k=0.5", "dense least-confidence", "dense random",
                "edge-popup conv4 least-confidence k=0.5", "edge-popup conv4 random k=0.5", "dense conv4 least-confidence",
                "dense conv4 random");
        Config conv4 = sweep.configurations().get(4);
        assertThat(conv4.controlFor("dense").label()).isEqualTo("dense conv4 least-confidence");
        assertThat(conv4.controlFor("random-sampling").label()).isEqualTo("edge-popup conv4 random k=0.5");
        assertThat(sweep.expand().get(4).spec().architecture()).isEqualTo("conv4");
    }

    @Test
    void aSweepListsOnlyItsKindsOwnAxes() {
        assertThatThrownBy(() -> SweepJson.parse("{\"kind\":\"lth\",\"k\":[0.3,0.5]}")).hasMessageContaining("k: ");
        var sweep = new io.alps.api.sweep.SweepSpec(spec("dense", Map.of()), null, null,
                Map.of("pruneRatio", java.util.List.of(0.1, 0.2)), null, null);
        assertThat(sweep.validate()).containsExactly("pruneRatio: not a sweep axis of kind 'dense' (its axes: imageSize)");
    }

    @Test
    void sweepsWrittenBeforeKindsHadTheirOwnFieldsKeepTheirHashes() {
        // Measured with the spec as one flat record of every kind's fields: members and results are found by these.
        var sweep = SweepJson.parse("{\"kind\":\"edge-popup\",\"k\":[0.3,0.5],\"controls\":[\"random-mask\",\"dense\"]}");
        assertThat(new io.alps.api.sweep.SweepReport(sweep, "d", java.util.List.of()).hash()).isEqualTo("c9e89f74bc42-a6b3e7bd");
        var dense = sweep.expand().stream().filter(m -> m.spec().kind().equals(DenseKind.NAME)).findFirst().orElseThrow();
        assertThat(dense.spec().hash()).as("the dense control carries the sweep's first k, as it always did")
                .isEqualTo("ed90a0f8013e");
        assertThat(dense.spec().options()).isEqualTo(new DenseKind.Options(false));
    }

    @Test
    void imageSizeIsASweepAxisOfEveryKindAndItsControlsRunOnTheSameImages() {
        var sweep = SweepJson.parse("{\"kind\":\"edge-popup\",\"imageSize\":[32,64],\"controls\":[\"dense\"]}");
        assertThat(sweep.configurations().stream().map(Config::label)).containsExactly(
                "edge-popup least-confidence k=0.5", "dense least-confidence",
                "edge-popup 64px least-confidence k=0.5", "dense 64px least-confidence");
        assertThat(sweep.expand().stream().map(m -> m.spec().imageSide())).containsExactly(32, 32, 64, 64);
        Config large = sweep.configurations().get(2);
        assertThat(large.controlFor("dense").label()).isEqualTo("dense 64px least-confidence");
        assertThat(sweep.expand().get(0).spec().hash()).as("the 32-px members keep their hashes")
                .isEqualTo(SweepJson.parse("{\"kind\":\"edge-popup\",\"controls\":[\"dense\"]}").expand().get(0).spec().hash());
        assertThatThrownBy(() -> SweepJson.parse("{\"kind\":\"dense\",\"architecture\":\"resnet18-imagenet\","
                + "\"imageSize\":[32,64]}")).hasMessageContaining("imageSize: resnet18-imagenet needs images of at least 64x64");
    }
}
