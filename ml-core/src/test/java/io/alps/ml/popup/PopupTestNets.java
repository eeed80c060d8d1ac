package io.alps.ml.popup;

import io.alps.api.model.ImageShape;
import io.alps.api.model.LayerSpec;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.model.StandardLayers;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tiny networks and batches for the mechanism tests. */
final class PopupTestNets {
    /** conv 3@3x3 (27 weights), max-pool, dense 5 (135), output 3 (15) on 1x8x8 images. */
    static final NetworkPlan TINY = new NetworkPlan("tiny", new ImageShape(1, 8, 8),
            List.of(new LayerSpec.Conv(3, 3), new LayerSpec.MaxPool(2), new LayerSpec.Dense(5)), 3);

    private PopupTestNets() {
    }

    static ComputationGraph popup(PopupSettings settings, long seed, DataType type) {
        return init(NetworkBuilder.configuration(TINY, 0.01, seed, new PopupLayers(settings)), type);
    }

    static ComputationGraph dense(long seed, DataType type) {
        return init(NetworkBuilder.configuration(TINY, 0.01, seed, new StandardLayers()), type);
    }

    private static ComputationGraph init(ComputationGraphConfiguration conf, DataType type) {
        conf.setDataType(type);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    static INDArray images(int n, long seed, DataType type) {
        return Nd4j.randn(seed, new long[] {n, 1, 8, 8}).castTo(type);
    }

    /** One-hot labels that depend on the images (the sign of the mean pixel of two bands), so they are learnable. */
    static INDArray labels(INDArray images) {
        int n = (int) images.size(0);
        INDArray out = Nd4j.zeros(images.dataType(), n, 3);
        for (int i = 0; i < n; i++) {
            double top = images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).getDouble(0, 1, 1);
            double mean = images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).meanNumber().doubleValue();
            out.putScalar(i, top > 0.5 ? 0 : mean > 0 ? 1 : 2, 1.0);
        }
        return out;
    }
}
