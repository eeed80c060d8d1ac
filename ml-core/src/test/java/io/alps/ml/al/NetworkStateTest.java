package io.alps.ml.al;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.NetworkBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkStateTest {
    @Test
    void aCopyTrainsOnExactlyAsTheOriginalAndAsItsCheckpoint() {
        NetworkPlan plan = Architectures.get("lenet5").plan(new ImageShape(3, 32, 32), 10);
        NetworkState state = new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, 1));
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(new int[] {8, 3, 32, 32});
        INDArray y = Nd4j.zeros(8, 10);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 10, 1);
        }
        fit(state.network(), x, y, 3);
        NetworkState copy = state.copy();
        ComputationGraph restored = Checkpoints.fromBytes(Checkpoints.toBytes(state.network()), "test");
        assertThat(copy.network().getConfiguration().getIterationCount()).isEqualTo(3);
        fit(state.network(), x, y, 2);
        fit(copy.network(), x, y, 2);
        fit(restored, x, y, 2);
        assertThat(copy.network().params()).isEqualTo(state.network().params());
        assertThat(restored.params()).isEqualTo(state.network().params());
    }

    private static void fit(ComputationGraph net, INDArray x, INDArray y, int steps) {
        for (int i = 0; i < steps; i++) {
            net.fit(new INDArray[] {x}, new INDArray[] {y});
        }
    }
}
