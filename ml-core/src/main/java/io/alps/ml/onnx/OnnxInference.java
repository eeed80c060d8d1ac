package io.alps.ml.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.alps.api.model.NetworkPlan;
import io.alps.api.util.CancelCheck;
import io.alps.ml.data.Dataset;
import io.alps.ml.model.ModelStats;
import io.alps.ml.train.Evaluator;
import io.alps.ml.train.PoolInference;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.BiConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores a pool with ONNX Runtime running the network's own ONNX export ({@link OnnxExporter}), the
 * same weights and the same softmax. For networks of ResNet-18's size ONNX Runtime's CPU kernels
 * run inference about 1.6x as fast as DL4J's on the same cores; for small networks such as LeNet-5
 * the export and the session cost more than they save, so {@link #forSelection} keeps DL4J there.
 *
 * <p>The probabilities agree with DL4J's to about 1e-6, not bit for bit, so which engine scores is
 * decided by the network alone ({@link #PAYS_FROM_MACS}): one process and the services, which run
 * the same code, choose the same engine and make the same selection. For a given thread count ONNX
 * Runtime's results repeat exactly (checked by a test).
 */
public final class OnnxInference implements PoolInference {
    /**
     * Multiply-adds per image from which ONNX Runtime scores the pool (ResNet-18 at 32 px has 557 M,
     * VGG-11 153 M, Conv-4 38 M, LeNet-5 0.65 M).
     */
    public static final long PAYS_FROM_MACS = 100_000_000L;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final long[] imageShape;

    private OnnxInference(byte[] model, NetworkPlan plan) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // As many threads as ND4J's, which sit idle while the pool is scored.
            options.setIntraOpNumThreads(Math.max(1, Nd4j.getEnvironment().maxThreads()));
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the " + plan.architecture() + " network: "
                    + e.getMessage(), e);
        }
        imageShape = new long[] {plan.input().channels(), plan.input().height(), plan.input().width()};
    }

    /** The network in ONNX Runtime, whatever its size. */
    public static OnnxInference of(NetworkPlan plan, ComputationGraph network) {
        return new OnnxInference(OnnxExporter.toBytes(plan, network), plan);
    }

    /**
     * The engine that scores a pool with {@code network}: ONNX Runtime for networks of at least
     * {@link #PAYS_FROM_MACS} multiply-adds per image, DL4J below.
     */
    public static PoolInference forSelection(NetworkPlan plan, ComputationGraph network) {
        return pays(plan, network) ? of(plan, network) : PoolInference.dl4j(network);
    }

    static boolean pays(NetworkPlan plan, ComputationGraph network) {
        return ModelStats.of(network, plan).macs() >= PAYS_FROM_MACS;
    }

    @Override
    public void probabilities(Dataset data, int[] ids, CancelCheck cancel, BiConsumer<int[], float[]> sink) {
        Evaluator.probabilities(data, ids, cancel, this::probabilities, sink);
    }

    /** The probabilities of a batch of images [n, channels, height, width], row-major [n, classes]. */
    public float[] probabilities(INDArray images) {
        long n = images.size(0);
        long[] shape = {n, imageShape[0], imageShape[1], imageShape[2]};
        float[] pixels = images.dup('c').data().asFloat();
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape);
             OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score " + n + " images: " + e.getMessage(), e);
        }
    }

    @Override
    public String engine() {
        return "ONNX Runtime";
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
