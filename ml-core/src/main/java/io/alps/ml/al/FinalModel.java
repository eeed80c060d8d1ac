package io.alps.ml.al;

import io.alps.api.report.ArtifactSink;
import io.alps.ml.onnx.OnnxExporter;

/**
 * The network an experiment ends with, stored beside its reports: {@value #CHECKPOINT}, the ALPS
 * checkpoint with its plan ({@link NetworkStateCodec}: ALPS reads it back, {@code ./alps export}
 * exports it), and {@value #ONNX}, the same network for ONNX Runtime and other ONNX readers. A
 * structurally pruned network is stored at its cut size, an edge-popup network as its frozen
 * weights with the unkept ones zero.
 */
public final class FinalModel {
    public static final String CHECKPOINT = "final_model.zip";
    public static final String ONNX = "final_model.onnx";

    private FinalModel() {
    }

    public static void write(NetworkState network, ArtifactSink sink) {
        sink.write(CHECKPOINT, NetworkStateCodec.toBytes(network));
        sink.write(ONNX, OnnxExporter.toBytes(network.plan(), network.network()));
    }
}
