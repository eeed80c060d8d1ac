package io.alps.api.spec;

import io.alps.api.spec.ExperimentSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExperimentSpecTest {
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
        assertThat(spec.k()).isEqualTo(0.5);
        assertThat(spec.pruneRatio()).isEqualTo(0.02);
        assertThat(spec.validate()).isEmpty();
    }

    @Test
    void jsonUsesTheCliNamesInCamelCaseAndFillsDefaults() {
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"lth\",\"trainLimit\":500,\"pruneRatio\":0.1}");
        assertThat(spec.kind()).isEqualTo("lth");
        assertThat(spec.trainLimit()).isEqualTo(500);
        assertThat(spec.pruneRatio()).isEqualTo(0.1);
        assertThat(spec.epochs()).isEqualTo(20);
        assertThat(ExperimentSpec.fromJson(spec.toJson())).isEqualTo(spec);
        assertThat(spec.toJson()).contains("\"trainLimit\":500");
    }

    @Test
    void everyBadFieldIsListed() {
        ExperimentSpec bad = ExperimentSpec.fromJson(
                "{\"kind\":\"sparse\",\"strategy\":\"psychic\",\"epochs\":0,\"lr\":-1,\"k\":1.5,\"pruneRatio\":1.0,\"rewind\":\"epoch:x\"}");
        // k, pruneRatio and rewind belong to kinds; an unknown kind owns none of them.
        assertThat(bad.validate()).containsExactly(
                "kind: unknown 'sparse', expected one of dense, edge-popup, lth",
                "strategy: unknown 'psychic', expected one of least-confidence, entropy, margin, random, bald, badge, coreset",
                "epochs: must be >= 1 (got 0)",
                "lr: must be > 0 (got -1.0)");
        assertThat(bad.with(java.util.Map.of("kind", "lth")).validate()).contains(
                "pruneRatio: must be in [0, 1) (got 1.0)",
                "rewind: unknown 'epoch:x', expected theta0, epoch:E, random or keep")
                .noneMatch(e -> e.startsWith("k:"));
        assertThat(bad.with(java.util.Map.of("kind", "edge-popup")).validate()).contains("k: must be in (0, 1] (got 1.5)")
                .noneMatch(e -> e.startsWith("pruneRatio:"));
        assertThatThrownBy(bad::requireValid).isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessageStartingWith("invalid experiment spec: kind: unknown 'sparse'");
    }

    @Test
    void unknownJsonFieldIsRejectedByName() {
        assertThatThrownBy(() -> ExperimentSpec.fromJson("{\"epochz\":3}"))
                .isInstanceOf(ExperimentSpec.SpecException.class)
                .hasMessageContaining("epochz");
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
        assertThat(ExperimentSpec.defaults("edge-popup").with(java.util.Map.of("mask", "learned")).hash())
                .isEqualTo("9e857519bfa2");
        assertThat(ExperimentSpec.defaults("edge-popup").with(java.util.Map.of("mask", "random")).hash())
                .isNotEqualTo("9e857519bfa2");
    }

    @Test
    void randomMaskIsEdgePopupsControlOnly() {
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"mask\":\"random\"}").randomMask()).isTrue();
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"mask\":\"learned\"}").randomMask()).isFalse();
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"dense\",\"mask\":\"random\"}").validate())
                .containsExactly("mask: 'random' is edge-popup's control and does not apply to kind 'dense'");
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"edge-popup\",\"mask\":\"magic\"}").validate())
                .containsExactly("mask: unknown 'magic', expected learned or random");
    }

    @Test
    void baldNeedsDropoutAndItsSettingsAreChecked() {
        assertThat(ExperimentSpec.fromJson("{\"strategy\":\"bald\"}").validate()).containsExactly(
                "strategy: bald needs a network with dropout (dropout, --dropout P, e.g. 0.5): without it its 20 passes "
                        + "agree and every sample scores 0");
        assertThat(ExperimentSpec.fromJson("{\"strategy\":\"bald\",\"dropout\":0.5,\"mcSamples\":8}").validate()).isEmpty();
        assertThat(ExperimentSpec.fromJson("{\"dropout\":1.0,\"mcSamples\":1}").validate()).containsExactly(
                "dropout: must be in [0, 1) (got 1.0)", "mcSamples: must be >= 2 (got 1)");
        assertThat(ExperimentSpec.fromJson("{\"dropout\":0,\"mcSamples\":20}").hash())
                .as("the defaults written out keep the hash").isEqualTo(ExperimentSpec.fromJson("{}").hash());
    }

    @Test
    void pruneRoundToIsStructuredPruningsAndItsDefaultKeepsTheHash() {
        ExperimentSpec aligned = ExperimentSpec.fromJson("{\"kind\":\"lth\",\"pruneRoundTo\":16}");
        assertThat(aligned.validate()).isEmpty();
        assertThat(aligned.pruneMultiple()).isEqualTo(16);
        assertThat(io.alps.api.kind.lth.LthKind.schedule(aligned).roundTo()).isEqualTo(16);
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"lth\",\"pruneRoundTo\":0}").validate())
                .containsExactly("pruneRoundTo: must be >= 1, 1 meaning counts as they fall (got 0)");
        assertThat(ExperimentSpec.fromJson("{\"kind\":\"lth\",\"pruneRoundTo\":1}").hash())
                .as("the default written out keeps the hash").isEqualTo(ExperimentSpec.defaults("lth").hash());
    }
}
