package io.alps.ml.cli;

import io.alps.ml.al.NetworkState;
import io.alps.ml.onnx.OnnxExporter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./alps export}: a checkpoint's network as an ONNX file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes a network ALPS trained as an ONNX file (IR 8, operator set 13) for ONNX Runtime and "
                + "other ONNX readers: input 'input' (N x C x H x W images, normalised as the experiment's data set "
                + "normalises them), output 'probabilities' (N x classes).",
                "Reads an experiment's final_model.zip, a pruning round's models/round_<r>.zip (with its .json beside "
                        + "it) or edge-popup's final_subnet.zip."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "CHECKPOINT", description = "The checkpoint to export.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "The ONNX file to write.")
    Path out;

    @Override
    public Integer call() {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory: name the .onnx file to write");
        }
        NetworkState state = StoredNetworks.read(model);
        try {
            OnnxExporter.write(state.plan(), state.network(), out);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException(model + " cannot be exported: " + e.getMessage(), e);
        }
        System.out.printf("%s (%s, %d parameters) -> %s (%,d bytes)%n", model, state.plan().architecture(),
                state.network().numParams(), out, sizeOf(out));
        return 0;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
