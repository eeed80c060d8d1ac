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
import java.util.Map;
import org.junit.jupiter.api.Test;

class KindsTest {
    private static ExperimentSpec spec(String kind, Map<String, ?> fields) {
        return ExperimentSpec.defaults(kind).with(fields);
    }

    @Test
    void everyKindIsRegisteredAndAnUnknownOneIsNamed() {
        assertThat(Kinds.names()).containsExactly(DenseKind.NAME, EdgePopupKind.NAME, LthKind.NAME);
        assertThatThrownBy(() -> Kinds.get("psychic")).hasMessageContaining("psychic").hasMessageContaining("lth");
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"psychic\"}").validate())
                .anyMatch(e -> e.startsWith("kind: unknown 'psychic'"));
    }

    @Test
    void aKindChecksOnlyTheFieldsItOwns() {
        // k belongs to edge-popup: a dense spec with a nonsense k is still a valid dense spec.
        assertThat(spec("dense", Map.of("k", 7.0)).validate()).isEmpty();
        assertThat(spec("edge-popup", Map.of("k", 7.0)).validate()).containsExactly("k: must be in (0, 1] (got 7.0)");
        assertThat(spec("lth", Map.of("pruneRatio", 1.5, "rewind", "sometimes")).validate())
                .containsExactly("pruneRatio: must be in [0, 1) (got 1.5)",
                        "rewind: unknown 'sometimes', expected theta0, epoch:E, random or keep");
        assertThat(spec("lth", Map.of("rewind", "epoch:30")).validate())
                .containsExactly("rewind: epoch:30 is after the last of the 20 epochs round 0 trains");
        assertThat(spec("dense", Map.of("mask", "random")).validate()).anyMatch(e -> e.startsWith("mask:"));
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
        assertThat(Controls.all()).containsOnlyKeys("random-sampling", "random-mask", "random-reinit", "dense");
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
}
