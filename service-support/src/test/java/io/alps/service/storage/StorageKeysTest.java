package io.alps.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageKeysTest {
    @Test
    void everyKeyOfAnExperimentLivesUnderItsPrefixAndRound() {
        assertThat(StorageKeys.labels("exp-1", 2)).isEqualTo("experiments/exp-1/round-2/labels.json");
        assertThat(StorageKeys.trainedModel("exp-1", 0)).isEqualTo("experiments/exp-1/round-0/trained.state");
        assertThat(StorageKeys.sentEvent("exp-1", 3, "round-ready")).isEqualTo("experiments/exp-1/round-3/events/round-ready.pb");
        assertThat(StorageKeys.artifact("exp-1", "popup_scores_iter1_conv0.npy"))
                .isEqualTo("experiments/exp-1/artifacts/popup_scores_iter1_conv0.npy");
        assertThat(StorageKeys.theta0("exp-1")).startsWith(StorageKeys.experiment("exp-1"));
        assertThat(StorageKeys.poolChunk("exp-1", 2, 3)).isEqualTo("experiments/exp-1/round-2/pool-chunks/3.bin");
    }

    @Test
    void aSweepKeepsItsManifestAndReportApartFromItsMembers() {
        assertThat(StorageKeys.sweepManifest("sw-1")).isEqualTo("sweeps/sw-1/sweep.json");
        assertThat(StorageKeys.sweepReport("sw-1", "comparisons.txt")).isEqualTo("sweeps/sw-1/report/comparisons.txt");
        assertThat(StorageKeys.sweep("sw-1")).startsWith(StorageKeys.sweeps());
        assertThatThrownBy(() -> StorageKeys.sweepReport("sw-1", "../x")).hasMessageContaining("relative");
    }

    @Test
    void idsAndPathsCannotEscapeTheirExperiment() {
        assertThatThrownBy(() -> StorageKeys.spec("../other")).hasMessageContaining("invalid experiment or sweep id");
        assertThatThrownBy(() -> StorageKeys.spec("a/b")).hasMessageContaining("invalid experiment or sweep id");
        assertThatThrownBy(() -> StorageKeys.artifact("exp-1", "../../x")).hasMessageContaining("relative");
        assertThatThrownBy(() -> StorageKeys.labels("exp-1", -1)).hasMessageContaining("round");
        assertThatThrownBy(() -> StorageKeys.poolChunk("exp-1", 0, -1)).hasMessage("chunk must be >= 0, got -1");
    }
}
