package io.alps.ml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.backend.MemoryLimit;
import org.junit.jupiter.api.Test;

class ExperimentLauncherMemoryTest {
    @Test
    void runningOutOfMemoryIsOneLineNamingDataNetworkBatchAndTheSettingToRaise() {
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"dense\",\"data\":\"photos\",\"batch\":64}");
        // A real allocation past any heap this test runs with: the JVM refuses it before touching memory.
        assertThatThrownBy(() -> ExperimentLauncher.explainingMemory(spec, () -> new long[Integer.MAX_VALUE - 16]))
                .isInstanceOf(MemoryLimit.NotEnoughMemoryException.class)
                .hasMessageStartingWith("out of memory running " + spec.architecture() + " at batch 64 on the data set photos:")
                .hasMessageContaining("raise ALPS_MEMORY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(ExperimentLauncher.explainingMemory(spec, () -> 7)).isEqualTo(7);
    }
}
