package io.alps.ml.al;

import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.RecoveredPlans;
import io.alps.ml.onnx.OnnxExporter;
import io.alps.ml.onnx.OnnxParameters;
import io.alps.ml.onnx.PretrainedWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * A trained network's weights as the start of an experiment ({@code initFrom}): an ALPS checkpoint
 * (an experiment's {@code final_model.zip}, a service's stored network, a network zip ALPS wrote)
 * or an ONNX file. Both are read as ONNX (a checkpoint through {@link OnnxExporter}), so one
 * structural match ({@link PretrainedWeights}) serves every source.
 */
public final class InitialWeights {
    private InitialWeights() {
    }

    /** Loads {@code file}'s weights into {@code state}'s network in place; the output layer as {@code head} says. */
    public static NetworkState load(Path file, NetworkState state, PretrainedWeights.Head head) {
        List<OnnxParameters.Layer> layers = read(file);
        try {
            PretrainedWeights.load(state.plan(), state.network(), layers, head);
        } catch (IllegalArgumentException e) {
            throw new PretrainedException(file + " does not fit " + state.plan().architecture() + " for "
                    + state.plan().input() + " images: " + e.getMessage(), e);
        }
        return state;
    }

    /** The layers with weights of an ALPS checkpoint or an ONNX file, in order. */
    public static List<OnnxParameters.Layer> read(Path file) {
        return OnnxParameters.of(model(file));
    }

    /** {@code file} as an ONNX model: an ONNX file as it is, an ALPS checkpoint exported. */
    public static Onnx.ModelProto model(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PretrainedException(file + (Files.isDirectory(file) ? " is a directory, not a network file"
                    : " does not exist"), null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PretrainedException("cannot read " + file + ": " + (e instanceof java.nio.file.AccessDeniedException
                    ? "permission denied" : e.getMessage()), e);
        }
        try {
            if (isZip(bytes)) {
                NetworkState stored = NetworkStateCodec.holdsPlan(bytes) ? NetworkStateCodec.fromBytes(bytes, file.toString())
                        : recovered(Checkpoints.fromBytes(bytes, file.toString()));
                return OnnxExporter.model(stored.plan(), stored.network());
            }
            Onnx.ModelProto model = Onnx.ModelProto.parseFrom(bytes);
            if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
                throw new PretrainedException(file + " is neither an ALPS checkpoint nor an ONNX model with a graph", null);
            }
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new PretrainedException(file + " is neither an ALPS checkpoint (zip) nor an ONNX model", e);
        } catch (RuntimeException e) {
            if (e instanceof PretrainedException) {
                throw e;
            }
            throw new PretrainedException(file + " cannot be read as a network: " + e.getMessage(), e);
        }
    }

    private static NetworkState recovered(ComputationGraph network) {
        return new NetworkState(RecoveredPlans.of(network), network);
    }

    private static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }

    /** A network file that is missing, unreadable or does not fit: the message names the file and the first difference. */
    public static final class PretrainedException extends IllegalArgumentException {
        public PretrainedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
