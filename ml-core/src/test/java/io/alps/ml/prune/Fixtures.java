package io.alps.ml.prune;

import io.alps.ml.al.NetworkState;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.Dataset;
import io.alps.api.model.ImageShape;
import io.alps.api.model.LeNet5;
import io.alps.ml.model.NetworkBuilder;
import io.alps.api.model.NetworkPlan;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small networks and data for the pruning tests. */
final class Fixtures {
    static final ImageShape CIFAR = new ImageShape(3, 32, 32);

    private Fixtures() {
    }

    static NetworkPlan lenet() {
        return new LeNet5().plan(CIFAR, 10);
    }

    /** LeNet-5 with every weight AND bias random (DL4J starts biases at 0, which would hide bias slicing bugs). */
    static NetworkState randomLenet(long seed) {
        NetworkPlan plan = lenet();
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, seed);
        randomiseBiases(net, seed);
        return new NetworkState(plan, net);
    }

    static void randomiseBiases(ComputationGraph net, long seed) {
        for (int i = 0; i < net.getLayers().length; i++) {
            if (net.getLayer(i).numParams() > 0) {
                INDArray b = net.getLayer(i).getParam("b");
                net.getLayer(i).setParam("b", Nd4j.rand(seed + i, b.shape()).subi(0.5));
            }
        }
    }

    static INDArray images(int n, ImageShape shape, long seed) {
        return Nd4j.randn(seed, new long[] {n, shape.channels(), shape.height(), shape.width()});
    }

    /** A learnable synthetic data set: the label is the brightest of a few fixed pixel regions. */
    static DataSplit tinySplit(int train, int test, ImageShape shape, int classes) {
        return new DataSplit("synthetic", dataset(train, shape, classes, 7), dataset(test, shape, classes, 8));
    }

    private static Dataset dataset(int n, ImageShape shape, int classes, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n * shape.pixels()];
        int[] labels = new int[n];
        int region = shape.pixels() / classes;
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(classes);
            for (int p = 0; p < shape.pixels(); p++) {
                x[i * shape.pixels() + p] = (float) rng.nextGaussian() * 0.5f + (p / region == labels[i] ? 1f : 0f);
            }
        }
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        return new Dataset("synthetic", Nd4j.create(x, new long[] {n, shape.pixels()}, 'c'), labels, shape, names);
    }

    static float[] flat(INDArray a) {
        return a.dup('c').data().asFloat();
    }
}
