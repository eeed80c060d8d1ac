package io.alps.ml.train;

import io.alps.api.util.CancelCheck;
import io.alps.ml.data.Dataset;
import java.util.function.BiConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What computes a network's class probabilities over an unlabeled pool for the query strategies
 * that rank by them: DL4J itself, or another engine running the same network where that is faster
 * ({@code io.alps.ml.onnx.OnnxInference}). Delivers chunk by chunk as (ids of the chunk, row-major
 * probabilities [chunk, classes]), asking {@code cancel} before each chunk.
 */
public interface PoolInference extends AutoCloseable {
    void probabilities(Dataset data, int[] ids, CancelCheck cancel, BiConsumer<int[], float[]> sink);

    /** Which engine this is, for logs and benchmarks. */
    String engine();

    /** Releases what the engine holds natively (nothing for DL4J's own inference). */
    @Override
    default void close() {
    }

    /** The network's own inference in DL4J ({@link Evaluator#probabilities}). */
    static PoolInference dl4j(ComputationGraph net) {
        return new PoolInference() {
            @Override
            public void probabilities(Dataset data, int[] ids, CancelCheck cancel, BiConsumer<int[], float[]> sink) {
                Evaluator.probabilities(net, data, ids, cancel, sink);
            }

            @Override
            public String engine() {
                return "DL4J";
            }
        };
    }
}
