package io.alps.ml.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's batch normalization, with ALPS's own training pass (see {@link BatchNormLayer}). The
 * configuration, the parameters (gamma, beta, the running mean and log10 standard deviation) and
 * their layout are DL4J's, so stored networks, the ONNX export and everything that reads a
 * {@link BatchNormalization} read this layer unchanged.
 */
public class BatchNorm extends BatchNormalization {
    /** For reading a stored configuration. */
    public BatchNorm() {
    }

    /** The batch norm {@code builder} describes, configured exactly as DL4J's own builder configures it. */
    public static BatchNorm of(BatchNormalization.Builder builder) {
        BatchNormalization built = builder.build();
        BatchNorm own = new BatchNorm();
        // DL4J's builder hands its settings only to its own class (its constructor is private).
        for (Class<?> c = BatchNormalization.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    try {
                        f.set(own, f.get(built));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot copy DL4J's batch norm setting " + f.getName(), e);
                    }
                }
            }
        }
        return own;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNOutSet("BatchNorm", getLayerName(), layerIndex, getNOut());
        return LayerWiring.wire(new BatchNormLayer(conf, networkDataType), this, conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    @Override
    public BatchNorm clone() {
        return (BatchNorm) super.clone();
    }
}
