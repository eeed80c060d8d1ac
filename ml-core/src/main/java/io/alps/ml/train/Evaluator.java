package io.alps.ml.train;

import io.alps.api.query.Embeddings;
import io.alps.api.util.CancelCheck;
import io.alps.ml.data.Dataset;
import io.alps.ml.data.FeatureBuffer;
import java.util.function.BiConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a network over samples in fixed-size chunks, so memory stays bounded for any pool size.
 * Contiguous ranges are fed as views (sets in memory) or read a block at a time (sets in a store);
 * id lists are gathered chunk by chunk.
 */
public final class Evaluator {
    public static final int CHUNK = 1024;
    /** The image area (32 x 32) the chunk sizes are set for; larger images go in proportionally fewer at a time. */
    private static final int REFERENCE_AREA = 32 * 32;
    private static final int SMALLEST_CHUNK = 16;
    private static final double MIN_PROBABILITY = 1e-7;

    private Evaluator() {
    }

    public static Evaluation evaluate(ComputationGraph net, Dataset data) {
        double[] lossAndCorrect = new double[2];
        int classes = data.numClasses();
        FeatureBuffer inputs = new FeatureBuffer(data);
        int size = chunk(CHUNK, data);
        for (int from = 0; from < data.size(); from += size) {
            int to = Math.min(data.size(), from + size);
            INDArray probs = net.outputSingle(false, inputs.features(from, to));
            float[] p = probs.data().asFloat();
            for (int i = 0; i < to - from; i++) {
                int label = data.label(from + i);
                lossAndCorrect[0] -= Math.log(Math.max(p[i * classes + label], MIN_PROBABILITY));
                if (argmax(p, i * classes, classes) == label) {
                    lossAndCorrect[1]++;
                }
            }
        }
        int n = data.size();
        return new Evaluation(n == 0 ? 0 : lossAndCorrect[1] / n, n == 0 ? 0 : lossAndCorrect[0] / n, n);
    }

    /**
     * Class probabilities for the given ids, delivered chunk by chunk as (ids of the chunk,
     * row-major probabilities [chunk, classes]).
     */
    public static void probabilities(ComputationGraph net, Dataset data, int[] ids, BiConsumer<int[], float[]> sink) {
        probabilities(net, data, ids, CancelCheck.NEVER, sink);
    }

    /** As {@link #probabilities(ComputationGraph, Dataset, int[], BiConsumer)}, asking {@code cancel} before each chunk. */
    public static void probabilities(ComputationGraph net, Dataset data, int[] ids, CancelCheck cancel,
                                     BiConsumer<int[], float[]> sink) {
        probabilities(data, ids, cancel, images -> net.outputSingle(false, images).data().asFloat(), sink);
    }

    /**
     * The probabilities {@code forward} computes for a batch of images [n, channels, height, width]
     * (row-major [n, classes]), fed the given ids {@link #CHUNK} at a time (fewer for larger images),
     * asking {@code cancel} before each chunk: the loop every inference engine shares.
     */
    public static void probabilities(Dataset data, int[] ids, CancelCheck cancel,
                                     java.util.function.Function<INDArray, float[]> forward,
                                     BiConsumer<int[], float[]> sink) {
        FeatureBuffer inputs = new FeatureBuffer(data);
        int size = chunk(CHUNK, data);
        for (int from = 0; from < ids.length; from += size) {
            cancel.throwIfCancelled();
            int[] chunk = java.util.Arrays.copyOfRange(ids, from, Math.min(ids.length, from + size));
            sink.accept(chunk, forward.apply(inputs.features(chunk)));
        }
    }

    /**
     * {@code passes} sets of class probabilities per chunk with dropout active (training-mode
     * forward passes; the weights do not change), as (ids, [pass][chunk * classes]). The dropout
     * masks come from ND4J's generator seeded with {@code seed}, so the passes repeat for a seed.
     */
    public static void stochasticProbabilities(ComputationGraph net, Dataset data, int[] ids, int passes, long seed,
                                               BiConsumer<int[], float[][]> sink) {
        stochasticProbabilities(net, data, ids, passes, seed, CancelCheck.NEVER, sink);
    }

    /**
     * As {@link #stochasticProbabilities(ComputationGraph, Dataset, int[], int, long, BiConsumer)},
     * asking {@code cancel} before every pass: with many passes one chunk alone can take minutes.
     */
    public static void stochasticProbabilities(ComputationGraph net, Dataset data, int[] ids, int passes, long seed,
                                               CancelCheck cancel, BiConsumer<int[], float[][]> sink) {
        String output = net.getConfiguration().getNetworkOutputs().get(0);
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(seed);
        FeatureBuffer inputs = new FeatureBuffer(data);
        int size = chunk(EMBEDDING_CHUNK, data);
        for (int from = 0; from < ids.length; from += size) {
            int[] chunk = java.util.Arrays.copyOfRange(ids, from, Math.min(ids.length, from + size));
            INDArray x = inputs.features(chunk);
            float[][] p = new float[passes][];
            for (int t = 0; t < passes; t++) {
                cancel.throwIfCancelled();
                // DL4J's inference path cannot apply dropout (its workspace is closed): a training-mode
                // forward pass, which computes no gradient and changes no weight.
                p[t] = net.feedForward(x, true).get(output).dup('c').data().asFloat();
            }
            sink.accept(chunk, p);
        }
    }

    /** Fewer at a time than for probabilities: every layer's activations of a chunk are held at once. */
    static final int EMBEDDING_CHUNK = 256;

    /**
     * How many images go through the network at once: {@code base} up to 32 x 32 pixels, fewer for
     * larger images, so a chunk's activations take about the same memory at any image size (with
     * chunks of 1,024, a LeNet-5 round on CIFAR-10 at 96 px peaked at 1.6 GB resident).
     */
    static int chunk(int base, Dataset data) {
        return chunk(base, data.shape());
    }

    /** How many images of {@code shape} go through the network at a time, {@code base} at 32 x 32. */
    public static int chunk(int base, io.alps.api.model.ImageShape shape) {
        long area = (long) shape.height() * shape.width();
        return area <= REFERENCE_AREA ? base : (int) Math.max(SMALLEST_CHUNK, base * REFERENCE_AREA / area);
    }

    /**
     * The penultimate layer's activations (the output layer's input, flattened) and the class
     * probabilities of the given ids, computed chunk by chunk and kept compactly.
     */
    public static Embeddings embeddings(ComputationGraph net, Dataset data, int[] ids) {
        return embeddings(net, data, ids, CancelCheck.NEVER);
    }

    /** As {@link #embeddings(ComputationGraph, Dataset, int[])}, asking {@code cancel} before each chunk. */
    public static Embeddings embeddings(ComputationGraph net, Dataset data, int[] ids, CancelCheck cancel) {
        String output = net.getConfiguration().getNetworkOutputs().get(0);
        String before = net.getConfiguration().getVertexInputs().get(output).get(0);
        float[] features = null;
        float[] probabilities = new float[ids.length * data.numClasses()];
        int dim = 0;
        FeatureBuffer inputs = new FeatureBuffer(data);
        int size = chunk(EMBEDDING_CHUNK, data);
        for (int from = 0; from < ids.length; from += size) {
            cancel.throwIfCancelled();
            int[] chunk = java.util.Arrays.copyOfRange(ids, from, Math.min(ids.length, from + size));
            java.util.Map<String, INDArray> acts = net.feedForward(inputs.features(chunk), false);
            INDArray h = acts.get(before);
            float[] hv = h.reshape('c', chunk.length, h.length() / chunk.length).dup('c').data().asFloat();
            if (features == null) {
                dim = hv.length / chunk.length;
                features = new float[Math.multiplyExact(ids.length, dim)];
            }
            System.arraycopy(hv, 0, features, from * dim, hv.length);
            float[] p = acts.get(output).dup('c').data().asFloat();
            System.arraycopy(p, 0, probabilities, from * data.numClasses(), p.length);
        }
        return new Embeddings(ids, features == null ? new float[0] : features, dim, probabilities, data.numClasses());
    }

    public static int argmax(float[] p, int offset, int n) {
        int best = 0;
        for (int c = 1; c < n; c++) {
            if (p[offset + c] > p[offset + best]) {
                best = c;
            }
        }
        return best;
    }
}
