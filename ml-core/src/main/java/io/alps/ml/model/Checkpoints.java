package io.alps.ml.model;

import io.alps.api.util.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Reads and writes network checkpoints (DL4J's zip format, updater state included so training
 * can resume). Writes go to a temporary file first: an interrupted save never leaves a half file.
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    public static byte[] toBytes(ComputationGraph net) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ModelSerializer.writeModel(net, out, true);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise network", e);
        }
    }

    public static ComputationGraph fromBytes(byte[] bytes, String source) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return ModelSerializer.restoreComputationGraph(in, true);
        } catch (Exception e) {
            throw new CheckpointException(source + " is not a readable ALPS checkpoint: " + e.getMessage(), e);
        }
    }

    public static void write(ComputationGraph net, Path file) {
        try {
            AtomicFiles.write(file, toBytes(net));
        } catch (IOException e) {
            throw new CheckpointException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    public static ComputationGraph read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("checkpoint " + file + " does not exist");
        }
        try {
            return fromBytes(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** A checkpoint that cannot be read or does not fit: a user-facing error. */
    public static final class CheckpointException extends RuntimeException {
        public CheckpointException(String message) {
            super(message);
        }

        public CheckpointException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
