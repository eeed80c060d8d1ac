package io.alps.ml.al;

import io.alps.api.stop.StopSignals;
import io.alps.api.util.CancelCheck;
import io.alps.ml.data.Dataset;
import io.alps.ml.train.Evaluator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Measures the {@link StopSignals} of a trained round on the experiment's stop set: a fixed,
 * seeded sample of the pool, the same in every round and every process, so consecutive models are
 * compared on the same images. Two inference passes over at most
 * {@link StopSignals#STOP_SET_SIZE} images per round.
 */
final class StopSetSignals {
    private StopSetSignals() {
    }

    static int[] stopSet(long seed, int poolSize) {
        return LabelSets.sample(seed, "stop-set", poolSize, Math.min(StopSignals.STOP_SET_SIZE, poolSize));
    }

    /** {@code previous}: the network the previous round ended with, null in round 0; {@code labeled}: sorted ids. */
    static Map<String, Object> of(Dataset pool, int[] stopSet, ComputationGraph trained, ComputationGraph previous,
                                  int[] labeled, CancelCheck cancel) {
        int classes = pool.numClasses();
        Map<String, Object> out = new LinkedHashMap<>();
        float[] now = probabilities(trained, pool, stopSet, cancel);
        if (previous != null) {
            out.put(StopSignals.KAPPA, StopSignals.kappa(predictions(now, classes),
                    predictions(probabilities(previous, pool, stopSet, cancel), classes), classes));
        }
        float[] open = new float[now.length];
        int rows = 0;
        for (int i = 0; i < stopSet.length; i++) {
            if (Arrays.binarySearch(labeled, stopSet[i]) < 0) {
                System.arraycopy(now, i * classes, open, rows++ * classes, classes);
            }
        }
        if (rows > 0) {
            out.put(StopSignals.MAX_UNCERTAINTY, StopSignals.maxLeastConfidence(Arrays.copyOf(open, rows * classes), classes));
        }
        return out;
    }

    private static float[] probabilities(ComputationGraph net, Dataset pool, int[] ids, CancelCheck cancel) {
        float[] all = new float[ids.length * pool.numClasses()];
        int[] at = {0};
        Evaluator.probabilities(net, pool, ids, cancel, (chunk, p) -> {
            System.arraycopy(p, 0, all, at[0], p.length);
            at[0] += p.length;
        });
        return all;
    }

    private static int[] predictions(float[] probabilities, int classes) {
        int[] out = new int[probabilities.length / classes];
        for (int i = 0; i < out.length; i++) {
            out[i] = Evaluator.argmax(probabilities, i * classes, classes);
        }
        return out;
    }
}
