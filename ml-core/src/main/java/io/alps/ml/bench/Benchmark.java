package io.alps.ml.bench;

import io.alps.ml.backend.Backend;
import io.alps.ml.data.Dataset;
import io.alps.ml.data.FeatureBuffer;
import io.alps.api.model.ImageShape;
import io.alps.api.model.Architectures;
import io.alps.ml.model.LayerFactory;
import io.alps.ml.model.StandardLayers;
import io.alps.ml.popup.PopupLayers;
import io.alps.ml.popup.PopupSettings;
import io.alps.ml.model.ModelStats;
import io.alps.ml.model.NetworkBuilder;
import io.alps.ml.train.FlatGradientUpdater;
import io.alps.api.model.NetworkPlan;
import io.alps.api.util.Seeds;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures what the machine does with ALPS's networks: training and inference images/s through
 * the same data path the trainer uses, and the machine's matrix-multiply peak on the same backend
 * in the same run, so the ratio is meaningful on a noisy shared machine.
 */
public final class Benchmark {

    /** {@code popupK}: also measure the edge-popup network with this k in the same run (null: dense only). */
    public record Settings(String architecture, ImageShape shape, int classes, int trainBatch, int inferBatch,
                           int images, int repeats, boolean compareDefaults, Double popupK) {
    }

    /** {@code steps}: every timed training step, in order. */
    public record Throughput(double trainImagesPerSecond, double inferImagesPerSecond, List<String> helpers,
                             StepTimes steps) {
    }

    public record Result(String backend, long parameters, long macsPerImage, Throughput tuned, Throughput defaults,
                         Throughput popup, double peakGflops) {
        public double trainFlopsPerImage() {
            return 3.0 * 2 * macsPerImage;
        }

        public double trainGflops() {
            return tuned.trainImagesPerSecond() * trainFlopsPerImage() / 1e9;
        }

        public double inferGflops() {
            return tuned.inferImagesPerSecond() * 2.0 * macsPerImage / 1e9;
        }
    }

    private Benchmark() {
    }

    public static Result run(Settings s) {
        Backend.init();
        NetworkPlan plan = Architectures.get(s.architecture()).plan(s.shape(), s.classes());
        Dataset data = syntheticData(s.shape(), s.classes(), s.images());
        Throughput defaults = null;
        if (s.compareDefaults()) {
            defaults = withDl4jDefaults(() -> measure(plan, data, s, new StandardLayers()));
        }
        Throughput tuned = measure(plan, data, s, new StandardLayers());
        Throughput popup = s.popupK() == null ? null
                : measure(plan, data, s, new PopupLayers(PopupSettings.of(s.popupK())));
        ModelStats stats = ModelStats.of(NetworkBuilder.build(plan, 1e-3, 1), plan);
        return new Result(Backend.describe(), stats.parameters(), stats.macs(), tuned, defaults, popup, peakGflops());
    }

    private static Throughput measure(NetworkPlan plan, Dataset data, Settings s, LayerFactory layers) {
        ComputationGraph net = NetworkBuilder.build(plan, 1e-3, 1, layers);
        FlatGradientUpdater.use(net);
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        int stepsPerPass = data.size() / s.trainBatch();
        trainPass(net, data, Seeds.shuffled(all, Seeds.random(1, "bench", 0)), s.trainBatch(), new double[stepsPerPass], 0);
        double bestTrain = 0;
        double bestInfer = 0;
        double[] stepMillis = new double[stepsPerPass * s.repeats()];
        for (int r = 1; r <= s.repeats(); r++) {
            int[] order = Seeds.shuffled(all, Seeds.random(1, "bench", r));
            long t0 = System.nanoTime();
            trainPass(net, data, order, s.trainBatch(), stepMillis, (r - 1) * stepsPerPass);
            bestTrain = Math.max(bestTrain, data.size() / ((System.nanoTime() - t0) / 1e9));
        }
        inferPass(net, data, s.inferBatch());
        for (int r = 1; r <= s.repeats(); r++) {
            long t0 = System.nanoTime();
            inferPass(net, data, s.inferBatch());
            bestInfer = Math.max(bestInfer, data.size() / ((System.nanoTime() - t0) / 1e9));
        }
        return new Throughput(bestTrain, bestInfer, Backend.activeHelpers(net), new StepTimes(stepMillis));
    }

    /** Writes each step's milliseconds (gathering the batch included) into {@code stepMillis} from {@code at}. */
    private static void trainPass(ComputationGraph net, Dataset data, int[] order, int batch, double[] stepMillis, int at) {
        FeatureBuffer inputs = new FeatureBuffer(data);
        for (int from = 0; from + batch <= order.length; from += batch) {
            long t0 = System.nanoTime();
            int[] ids = java.util.Arrays.copyOfRange(order, from, from + batch);
            net.fit(new INDArray[] {inputs.features(ids)}, new INDArray[] {data.oneHotLabels(ids)});
            stepMillis[at++] = (System.nanoTime() - t0) / 1e6;
        }
    }

    private static void inferPass(ComputationGraph net, Dataset data, int batch) {
        for (int from = 0; from < data.size(); from += batch) {
            net.outputSingle(false, data.features(from, Math.min(data.size(), from + batch)));
        }
    }

    /** FP32 matrix-multiply throughput with all cores, the ceiling our layers could reach. */
    public static double peakGflops() {
        int n = 2048;
        int before = Nd4j.getEnvironment().maxThreads();
        Nd4j.factory().blas().setMaxThreads(Runtime.getRuntime().availableProcessors());
        try {
            INDArray a = Nd4j.rand(n, n);
            INDArray b = Nd4j.rand(n, n);
            INDArray c = Nd4j.create(n, n);
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double best = 0;
            for (int r = 0; r < 5; r++) {
                long t0 = System.nanoTime();
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                best = Math.max(best, 2.0 * n * n * (double) n / ((System.nanoTime() - t0) / 1e9) / 1e9);
            }
            return best;
        } finally {
            Nd4j.factory().blas().setMaxThreads(Backend.isCpu() ? 1 : before);
        }
    }

    /** Runs {@code work} with DL4J's out-of-the-box settings: no oneDNN helpers, default BLAS threads. */
    private static <T> T withDl4jDefaults(java.util.function.Supplier<T> work) {
        String helpers = System.getProperty(Backend.HELPERS_DISABLE_PROPERTY);
        System.setProperty(Backend.HELPERS_DISABLE_PROPERTY, "true");
        Nd4j.factory().blas().setMaxThreads(Runtime.getRuntime().availableProcessors());
        try {
            return work.get();
        } finally {
            System.setProperty(Backend.HELPERS_DISABLE_PROPERTY, helpers == null ? "false" : helpers);
            if (Backend.isCpu()) {
                Nd4j.factory().blas().setMaxThreads(1);
            }
        }
    }

    static Dataset syntheticData(ImageShape shape, int classes, int n) {
        Random rng = new Random(42);
        int[] labels = new int[n];
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(classes);
        }
        INDArray features = Nd4j.randn(42, new long[] {n, shape.pixels()});
        return new Dataset("synthetic", features, labels, shape, names);
    }
}
