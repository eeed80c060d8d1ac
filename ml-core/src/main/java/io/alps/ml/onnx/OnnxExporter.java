package io.alps.ml.onnx;

import io.alps.api.model.NetworkPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.alps.api.util.AtomicFiles;
import java.nio.file.Path;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Exports an ALPS network to ONNX, for running it outside ALPS (ONNX Runtime, a phone, a browser).
 * The model takes {@code input}, a batch of N images as the network sees them (N x C x H x W,
 * normalised as the experiment's data set normalises them), and gives {@code probabilities}
 * (N x classes), the softmax ALPS's network gives. IR version 8 (introduced with ONNX 1.10) and
 * operator set 13, so that readers some years old take the files too.
 */
public final class OnnxExporter {
    /** The file format's version: 8, introduced with ONNX 1.10. */
    public static final long IR_VERSION = 8;
    /** The operator set: 13 is the first whose Softmax normalises over one axis only, as DL4J's does. */
    public static final long OPSET = 13;
    public static final String PRODUCER = "ALPS";
    /** The model's input: a batch of images as the network sees them, N x C x H x W. */
    public static final String INPUT = OnnxGraphBuilder.INPUT;
    /** The model's output: the class probabilities, N x classes. */
    public static final String OUTPUT = OnnxGraphBuilder.OUTPUT;

    private OnnxExporter() {
    }

    /** The ONNX model of {@code network}, which must be the network {@code plan} builds (pruned widths included). */
    public static Onnx.ModelProto model(NetworkPlan plan, ComputationGraph network) {
        return Onnx.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER)
                .setDocString(plan.architecture() + " for " + plan.input() + " images, " + plan.numClasses()
                        + " classes: input '" + OnnxGraphBuilder.INPUT + "' (N x C x H x W, normalised images), output '"
                        + OnnxGraphBuilder.OUTPUT + "' (N x classes)")
                .setGraph(OnnxGraphBuilder.build(plan, network))
                .build();
    }

    public static byte[] toBytes(NetworkPlan plan, ComputationGraph network) {
        return model(plan, network).toByteArray();
    }

    /** Writes the model to {@code file} through a temporary file, so an interrupted export leaves no half file. */
    public static void write(NetworkPlan plan, ComputationGraph network, Path file) {
        byte[] bytes = toBytes(plan, network);
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
