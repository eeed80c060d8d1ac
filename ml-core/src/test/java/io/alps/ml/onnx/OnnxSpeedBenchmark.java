package io.alps.ml.onnx;

import io.alps.ml.al.NetworkState;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.backend.Backend;
import io.alps.ml.prune.PrunedCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference images/s of stored networks in ALPS (DL4J) and, exported, in ONNX Runtime, on the same
 * random batches in one JVM; the timings of all networks and both engines are interleaved round
 * robin, so drift on a shared machine hits each alike, and the median of the repeats is printed.
 * Arguments: checkpoints (an experiment's final_model.zip or a pruning round's models/round_r.zip).
 * Not a test: run it by hand.
 */
public final class OnnxSpeedBenchmark {
    private static final int IMAGES = 1024;
    private static final int BATCH = 256;
    private static final int REPEATS = 5;
    private static final double MIN_SECONDS = 2;

    private OnnxSpeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Backend.init();
        List<String> labels = new ArrayList<>();
        List<NetworkState> states = new ArrayList<>();
        List<OnnxRuntimeRun> sessions = new ArrayList<>();
        List<Integer> onnxBytes = new ArrayList<>();
        for (String arg : args) {
            Path file = Path.of(arg);
            byte[] bytes = Files.readAllBytes(file);
            NetworkState state = NetworkStateCodec.holdsPlan(bytes) ? NetworkStateCodec.fromBytes(bytes, arg)
                    : PrunedCheckpoints.read(file);
            byte[] model = OnnxExporter.toBytes(state.plan(), state.network());
            labels.add(file.getParent().getFileName() + "/" + file.getFileName());
            states.add(state);
            sessions.add(new OnnxRuntimeRun(model));
            onnxBytes.add(model.length);
        }
        var input = states.get(0).plan().input();
        INDArray images = Nd4j.randn(42, new long[] {IMAGES, input.channels(), input.height(), input.width()});
        double[] worst = new double[states.size()];
        for (int i = 0; i < states.size(); i++) {
            INDArray alps = states.get(i).network().outputSingle(false, images);
            float[][] onnx = sessions.get(i).probabilities(images);
            for (int n = 0; n < IMAGES; n++) {
                for (int c = 0; c < onnx[n].length; c++) {
                    worst[i] = Math.max(worst[i], Math.abs(onnx[n][c] - alps.getDouble(n, c)));
                }
            }
        }
        double[][][] speeds = new double[states.size()][2][REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            for (int i = 0; i < states.size(); i++) {
                NetworkState state = states.get(i);
                OnnxRuntimeRun session = sessions.get(i);
                speeds[i][0][r] = imagesPerSecond(() -> {
                    for (int from = 0; from < IMAGES; from += BATCH) {
                        state.network().outputSingle(false, batch(images, from));
                    }
                });
                speeds[i][1][r] = imagesPerSecond(() -> {
                    for (int from = 0; from < IMAGES; from += BATCH) {
                        session.probabilities(batch(images, from));
                    }
                });
            }
        }
        System.out.printf("%d cores; batches of %d images; median of %d timings of at least %.0f s each%n",
                Runtime.getRuntime().availableProcessors(), BATCH, REPEATS, MIN_SECONDS);
        System.out.printf("%-34s %12s %12s %14s %14s %8s %10s%n", "network", "parameters", "ONNX bytes", "ALPS images/s",
                "ORT images/s", "ORT/ALPS", "max |diff|");
        for (int i = 0; i < states.size(); i++) {
            double alps = median(speeds[i][0]);
            double ort = median(speeds[i][1]);
            System.out.printf("%-34s %,12d %,12d %,14.0f %,14.0f %7.2fx %10.1e%n", labels.get(i),
                    states.get(i).network().numParams(), onnxBytes.get(i), alps, ort, ort / alps, worst[i]);
        }
        for (OnnxRuntimeRun s : sessions) {
            s.close();
        }
    }

    private interface Pass {
        void run() throws Exception;
    }

    private static INDArray batch(INDArray images, int from) {
        return images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, Math.min(IMAGES, from + BATCH)));
    }

    private static double imagesPerSecond(Pass pass) throws Exception {
        pass.run(); // warm
        long t0 = System.nanoTime();
        long done = 0;
        double seconds;
        do {
            pass.run();
            done += IMAGES;
            seconds = (System.nanoTime() - t0) / 1e9;
        } while (seconds < MIN_SECONDS);
        return done / seconds;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
