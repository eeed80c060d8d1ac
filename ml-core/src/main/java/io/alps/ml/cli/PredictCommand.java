package io.alps.ml.cli;

import io.alps.api.model.Architectures;
import io.alps.api.model.ImageShape;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.al.InitialWeights;
import io.alps.ml.al.NetworkState;
import io.alps.ml.artifacts.Npy;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.onnx.OnnxParameters;
import io.alps.ml.onnx.PretrainedWeights;
import io.alps.ml.train.Evaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.data.ImagePreparation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./alps predict}: a network's class probabilities for images given as a NumPy array, or
 * its class for each image file of a folder ({@link FolderPredictions}).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Writes a network's class probabilities (N x classes, float32 .npy) for a batch of images "
                + "(N x C x H x W float32 .npy, normalised as the network's data set normalises them).",
                "With --data DIR instead of --input: the class and its probability for every image file under DIR "
                        + "(CSV: file,class,probability), the images prepared as the network's training images were; "
                        + "needs an experiment's final_model.zip, which keeps that preparation.",
                "--model: an ALPS checkpoint (final_model.zip, a round's network) or an ONNX file with the layout of "
                        + "--arch; the probabilities are the softmax of the last layer's outputs."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "ALPS checkpoint or ONNX file.")
    Path model;

    /** Either a prepared batch or a folder of image files. */
    static final class Images {
        @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Images, N x C x H x W float32.")
        Path input;

        @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "A folder of image files (PNG, JPEG, BMP, GIF; searched recursively).")
        Path data;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Images source;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write the probabilities (.npy) or, with --data, the predictions (.csv).")
    Path out;

    @Option(names = {"--arch", "--architecture"}, paramLabel = "NAME",
            description = "For an ONNX --model: the network it holds (" + Architectures.NAMES + ").")
    String architecture;

    @Option(names = "--image-size", paramLabel = "N",
            description = "For an ONNX --model whose input size is not fixed in the file: the image side in pixels.")
    Integer imageSize;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory: name the "
                    + (source.data != null ? ".csv" : ".npy") + " file to write");
        }
        if (source.data != null) {
            return predictFolder();
        }
        Path input = source.input;
        NetworkState network = network();
        INDArray images = Npy.read(input).castTo(DataType.FLOAT);
        ImageShape shape = network.plan().input();
        long[] expected = {shape.channels(), shape.height(), shape.width()};
        if (images.rank() != 4 || !Arrays.equals(Arrays.copyOfRange(images.shape(), 1, 4), expected)) {
            throw new IllegalArgumentException(input + " holds an array of shape " + Arrays.toString(images.shape())
                    + "; " + network.plan().architecture() + " takes N x " + shape.channels() + " x " + shape.height()
                    + " x " + shape.width() + " images");
        }
        long n = images.size(0);
        INDArray probabilities = Nd4j.create(DataType.FLOAT, n, network.plan().numClasses());
        for (long from = 0; from < n; from += Evaluator.CHUNK) {
            long to = Math.min(n, from + Evaluator.CHUNK);
            INDArray chunk = images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup('c');
            probabilities.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
                    .assign(network.network().outputSingle(false, chunk));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, Npy.toBytes(probabilities));
        System.out.printf("%s: %d images -> %s (%d x %d class probabilities)%n", model, n, out, n,
                network.plan().numClasses());
        return 0;
    }

    private int predictFolder() throws IOException {
        if (model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            throw new IllegalArgumentException("predict --data needs an ALPS checkpoint (an experiment's final_model.zip), "
                    + "which keeps how its images were prepared; " + model + " is an ONNX file: give prepared images "
                    + "as --input X.npy");
        }
        NetworkState network = network();
        ImagePreparation preparation = NetworkStateCodec.imagePreparation(Files.readAllBytes(model), model.toString())
                .orElseThrow(() -> new IllegalArgumentException(model + " does not record how its images were prepared "
                        + "(normalisation, image side, class names), which predict --data needs: it was written by an "
                        + "older ALPS or is not an experiment's final_model.zip; give prepared images as --input X.npy"));
        FolderPredictions predictions = new FolderPredictions(network, preparation);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int n = predictions.write(source.data, out);
        System.out.printf("%s: %d images of %s -> %s%n", model, n, source.data, out);
        return 0;
    }

    private NetworkState network() {
        if (!model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            if (given("--arch") || given("--image-size")) {
                throw new IllegalArgumentException("--arch and --image-size describe an ONNX --model; " + model
                        + " is read as an ALPS checkpoint, which holds its network's layout");
            }
            return StoredNetworks.read(model);
        }
        if (!given("--arch")) {
            throw new IllegalArgumentException("--model " + model + " is an ONNX file: name its network with --arch ("
                    + Architectures.NAMES + ")");
        }
        Onnx.ModelProto onnx = InitialWeights.model(model);
        List<OnnxParameters.Layer> layers = OnnxParameters.of(onnx);
        OnnxParameters.Layer first = layers.stream().filter(l -> l.kind() == OnnxParameters.Kind.CONV).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(model + " has no convolution: it is not a " + architecture));
        OnnxParameters.Layer last = layers.get(layers.size() - 1);
        if (last.kind() != OnnxParameters.Kind.DENSE) {
            throw new IllegalArgumentException(model + " ends with " + last.describe() + ", not a fully connected layer");
        }
        int side = given("--image-size") ? imageSize : fixedSide(onnx);
        ImageShape shape = new ImageShape((int) first.weight().size(1), side, side);
        NetworkPlan plan = Architectures.get(architecture).plan(shape, (int) last.weight().size(1));
        NetworkState state = new NetworkState(plan, NetworkBuilder.build(plan, 1e-3, 1));
        return InitialWeights.load(model, state, PretrainedWeights.Head.KEEP);
    }

    /** Whether the user gave {@code option} (the experiment commands' defaults fill it in otherwise). */
    private boolean given(String option) {
        return command.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The image side the file's input states, when it states one. */
    private int fixedSide(Onnx.ModelProto onnx) {
        List<Onnx.TensorShapeProto.Dimension> dims = onnx.getGraph().getInputCount() == 0 ? List.of()
                : onnx.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        if (dims.size() == 4 && dims.get(2).hasDimValue() && dims.get(3).hasDimValue()
                && dims.get(2).getDimValue() == dims.get(3).getDimValue()) {
            return (int) dims.get(2).getDimValue();
        }
        throw new IllegalArgumentException(model + " does not fix a square input size: give --image-size N");
    }
}
