package io.alps.ml.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An exported model loaded in ONNX Runtime, run on ND4J batches. */
public final class OnnxRuntimeRun implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OnnxRuntimeRun(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            session = env.createSession(model, options);
        }
    }

    /** The model's {@code probabilities} for {@code images} (N x C x H x W). */
    public float[][] probabilities(INDArray images) throws OrtException {
        float[] values = images.castTo(DataType.FLOAT).dup('c').reshape(images.length()).toFloatVector();
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), images.shape());
             OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            return (float[][]) result.get(OnnxExporter.OUTPUT).orElseThrow().getValue();
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
