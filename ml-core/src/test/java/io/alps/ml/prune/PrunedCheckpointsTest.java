package io.alps.ml.prune;

import io.alps.api.kind.lth.PruneSchedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.ml.al.NetworkState;
import io.alps.api.report.DirectorySink;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.Checkpoints.CheckpointException;
import io.alps.api.model.LayerSpec;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class PrunedCheckpointsTest {
    @TempDir
    Path dir;

    private NetworkState pruned() {
        NetworkState full = Fixtures.randomLenet(31);
        return StructuredPruner.slice(full, StructuredPruner.cut(full, full.plan(), new PruneSchedule(0.2, true), 2), 1e-3);
    }

    @Test
    void checkpointLoadsBackToTheSameOutputsPlanAndOrigins() {
        NetworkState state = pruned();
        PrunedCheckpoints.write(new DirectorySink(dir), "models", 2, state);

        NetworkState back = PrunedCheckpoints.read(dir.resolve("models/round_2.zip"));

        assertThat(back.plan()).isEqualTo(state.plan());
        assertThat(back.origins()).isEqualTo(state.origins());
        INDArray x = Fixtures.images(8, Fixtures.CIFAR, 5);
        assertThat(back.network().outputSingle(false, x)).isEqualTo(state.network().outputSingle(false, x));
        assertThat(dir.resolve("models/round_2_summary.txt")).content()
                .contains("conv0", "dense4", "total", "kept units");
    }

    @Test
    void corruptCheckpointIsAClearError() throws IOException {
        PrunedCheckpoints.write(new DirectorySink(dir), "models", 0, pruned());
        Path zip = dir.resolve("models/round_0.zip");
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, Arrays.copyOf(bytes, bytes.length / 3));

        assertThatThrownBy(() -> PrunedCheckpoints.read(zip)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("round_0.zip").hasMessageContaining("not a readable ALPS checkpoint");
    }

    @Test
    void corruptDescriptionIsAClearError() throws IOException {
        PrunedCheckpoints.write(new DirectorySink(dir), "models", 0, pruned());
        Files.writeString(dir.resolve("models/round_0.json"), "{\"architecture\": \"lenet5\", \"widths\": [");

        assertThatThrownBy(() -> PrunedCheckpoints.read(dir.resolve("models/round_0.zip")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("round_0.json is corrupt");
    }

    @Test
    void checkpointOfAnotherArchitectureIsRejected() throws IOException {
        NetworkState state = pruned();
        PrunedCheckpoints.write(new DirectorySink(dir), "models", 1, state);
        // A network of another shape (three conv layers) under the same description.
        NetworkPlan other = new NetworkPlan("other", Fixtures.CIFAR, List.of(new LayerSpec.Conv(8, 3),
                new LayerSpec.Conv(8, 3), new LayerSpec.MaxPool(2), new LayerSpec.Conv(8, 3), new LayerSpec.Dense(32),
                new LayerSpec.Dense(16)), 10);
        Checkpoints.write(NetworkBuilder.build(other, 1e-3, 1), dir.resolve("models/round_1.zip"));

        assertThatThrownBy(() -> PrunedCheckpoints.read(dir.resolve("models/round_1.zip")))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("is not the lenet5 network")
                .hasMessageContaining("it has a layer conv1 that the plan lacks")
                .hasMessageContaining("it has no layer pool1");
    }

    @Test
    void unknownArchitectureOrMissingDescriptionIsRejected() throws IOException {
        PrunedCheckpoints.write(new DirectorySink(dir), "models", 0, pruned());
        Path json = dir.resolve("models/round_0.json");
        Files.writeString(json, Files.readString(json).replace("\"lenet5\"", "\"resnet99\""));
        assertThatThrownBy(() -> PrunedCheckpoints.read(dir.resolve("models/round_0.zip")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("unknown architecture 'resnet99'");

        Files.delete(json);
        assertThatThrownBy(() -> PrunedCheckpoints.read(dir.resolve("models/round_0.zip")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("has no round_0.json");
    }

    @Test
    void unitOriginsSurviveJson() throws IOException {
        NetworkState state = pruned();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String json = mapper.writeValueAsString(state.origins());
        assertThat(mapper.readValue(json, io.alps.ml.al.UnitOrigins.class)).isEqualTo(state.origins());
        assertThat(json).startsWith("[[");
    }

}
