package io.alps.ml.cli;

import io.alps.ml.al.NetworkState;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.model.Checkpoints;
import io.alps.ml.model.Checkpoints.CheckpointException;
import io.alps.ml.model.RecoveredPlans;
import io.alps.ml.prune.PrunedCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Reads a network with its plan from any checkpoint ALPS writes: an experiment's
 * {@code final_model.zip} or a service's stored network (the plan inside), a structured-pruning
 * round's {@code models/round_<r>.zip} (the plan in the {@code .json} beside it), or a network
 * stored alone (edge-popup's {@code final_subnet.zip}: the plan read back from the network).
 */
final class StoredNetworks {
    private StoredNetworks() {
    }

    static NetworkState read(Path file) {
        if (Files.isDirectory(file)) {
            throw new CheckpointException("checkpoint " + file + " is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("checkpoint " + file + " does not exist");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": "
                    + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()), e);
        }
        if (NetworkStateCodec.holdsPlan(bytes)) {
            return NetworkStateCodec.fromBytes(bytes, file.toString());
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".zip") && Files.isRegularFile(file.resolveSibling(name.substring(0, name.length() - 4) + ".json"))) {
            return PrunedCheckpoints.read(file);
        }
        ComputationGraph network;
        try {
            network = Checkpoints.fromBytes(bytes, file.toString());
        } catch (CheckpointException e) {
            throw new CheckpointException(file + " is not an ALPS checkpoint (an experiment's final_model.zip, a round's "
                    + "models/round_<r>.zip with its .json, or a network zip ALPS wrote)", e);
        }
        try {
            return new NetworkState(RecoveredPlans.of(network), network);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + " holds a network, but " + e.getMessage(), e);
        }
    }
}
