package io.alps.ml.al;

import io.alps.api.report.ArtifactSink;
import io.alps.ml.data.ImagePreparation;
import io.alps.ml.onnx.OnnxExporter;

/**
 * The network an experiment ends with, stored beside its reports: {@value #CHECKPOINT}, the ALPS
 * checkpoint with its plan ({@link NetworkStateCodec}: ALPS reads it back, {@code ./alps export}
 * exports it), and {@value #ONNX}, the same network for ONNX Runtime and other ONNX readers. A
 * structurally pruned network is stored at its cut size, an edge-popup network as its frozen
 * weights with the unkept ones zero. The checkpoint also keeps how the data set's images were
 * prepared ({@link ImagePreparation}), when it knows, so {@code ./alps predict --data} prepares new
 * images the same way.
 */
public final class FinalModel {
    public static final String CHECKPOINT = "final_model.zip";
    public static final String ONNX = "final_model.onnx";

    private FinalModel() {
    }

    /** {@code images}: how the training images were prepared, or null when not known (a set held in memory). */
    public static void write(NetworkState network, ImagePreparation images, ArtifactSink sink) {
        sink.write(CHECKPOINT, NetworkStateCodec.toBytes(network, images));
        sink.write(ONNX, OnnxExporter.toBytes(network.plan(), network.network()));
    }
}
