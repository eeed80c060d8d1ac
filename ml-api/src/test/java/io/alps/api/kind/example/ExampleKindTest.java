package io.alps.api.kind.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.kind.Controls;
import io.alps.api.kind.Kinds;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.sweep.Config;
import io.alps.api.sweep.SweepJson;
import io.alps.api.validation.SpecValidation;
import org.junit.jupiter.api.Test;

/** A kind added as its own package and one registration line: spec, validation, sweep axis and control all work. */
class ExampleKindTest {
    @Test
    void itsFieldIsReadCheckedAndWrittenFlat() {
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"example\",\"restartEvery\":3}");
        assertThat(Kinds.names()).contains(ExampleKind.NAME);
        assertThat(spec.options(ExampleOptions.class).restartEvery()).isEqualTo(3);
        assertThat(spec.toJson()).contains("\"restartEvery\":3");
        assertThat(ExperimentSpec.fromJson(spec.toJson())).isEqualTo(spec);
        assertThat(SpecValidation.validate(spec)).isEmpty();
        assertThat(SpecValidation.validate(spec.with(java.util.Map.of("restartEvery", 0))))
                .containsExactly("restartEvery: must be >= 1 (got 0)");
        assertThat(ExperimentSpec.defaults("dense").toJson()).as("other kinds' JSON is unchanged").doesNotContain("restartEvery");
    }

    @Test
    void itsSweepAxisAndControlExpand() {
        var sweep = SweepJson.parse("{\"kind\":\"example\",\"restartEvery\":[2,3],\"controls\":[\"always-restart\",\"dense\"]}");
        assertThat(sweep.configurations().stream().map(Config::label)).containsExactly(
                "example least-confidence restart-every=2", "example least-confidence restart-every=3",
                "example least-confidence restart-every=1", "dense least-confidence");
        assertThat(sweep.configurations().get(0).controlFor(ExampleKind.ALWAYS_RESTART_CONTROL))
                .isEqualTo(sweep.configurations().get(2));
        assertThat(Controls.all()).containsKey(ExampleKind.ALWAYS_RESTART_CONTROL);
    }
}
