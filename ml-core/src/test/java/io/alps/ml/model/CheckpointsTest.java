package io.alps.ml.model;

import io.alps.api.model.Architectures;
import io.alps.api.model.NetworkPlan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.api.model.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointsTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripGivesIdenticalOutputs() throws IOException {
        NetworkPlan plan = Architectures.get("lenet5").plan(new ImageShape(3, 32, 32), 10);
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 4);
        Path file = tmp.resolve("m/model.zip");
        Checkpoints.write(net, file);

        INDArray x = Nd4j.rand(new int[] {5, 3, 32, 32});
        assertThat(Checkpoints.read(file).outputSingle(false, x)).isEqualTo(net.outputSingle(false, x));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void corruptOrMissingCheckpointIsAClearError() throws IOException {
        Path bad = tmp.resolve("bad.zip");
        Files.writeString(bad, "not a model");
        assertThatThrownBy(() -> Checkpoints.read(bad))
                .isInstanceOf(Checkpoints.CheckpointException.class)
                .hasMessageContaining(bad + " is not a readable ALPS checkpoint");
        assertThatThrownBy(() -> Checkpoints.read(tmp.resolve("none.zip")))
                .isInstanceOf(Checkpoints.CheckpointException.class)
                .hasMessageContaining("does not exist");
    }
}
