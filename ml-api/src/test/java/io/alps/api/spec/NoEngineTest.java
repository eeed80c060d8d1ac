package io.alps.api.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ml-api is what the reporter links: the ML engine must not be reachable from it, not even transitively. */
class NoEngineTest {
    @Test
    void noNd4jDl4jOrJavaCppClassIsOnTheClasspath() {
        for (String engine : new String[] {"org.nd4j.linalg.factory.Nd4j",
                "org.deeplearning4j.nn.graph.ComputationGraph", "org.bytedeco.javacpp.Loader"}) {
            assertThatThrownBy(() -> Class.forName(engine)).as(engine).isInstanceOf(ClassNotFoundException.class);
        }
    }
}
