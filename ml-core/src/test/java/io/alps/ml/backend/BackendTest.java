package io.alps.ml.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.ImageShape;
import io.alps.api.model.Architectures;
import io.alps.ml.model.NetworkBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Guards the 10x speed-up: without the compatibility shim or the helper property, DL4J silently
 * falls back to its slow built-in convolution and nothing else fails.
 */
class BackendTest {
    @Test
    void convAndPoolLayersUseTheOneDnnHelpersOnTheCpu() {
        Backend.init();
        ComputationGraph net = NetworkBuilder.build(
                Architectures.get("lenet5").plan(new ImageShape(3, 32, 32), 10), 1e-3, 1);
        net.outputSingle(false, Nd4j.rand(new int[] {2, 3, 32, 32}));

        assertThat(Backend.isCpu()).isTrue();
        assertThat(Backend.activeHelpers(net))
                .containsExactly("MKLDNNConvHelper", "MKLDNNSubsamplingHelper", "MKLDNNConvHelper", "MKLDNNSubsamplingHelper");
    }
}
