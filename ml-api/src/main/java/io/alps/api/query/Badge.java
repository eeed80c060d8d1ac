package io.alps.api.query;

import io.alps.api.util.CancelCheck;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * BADGE (Ash et al. 2020): each sample's gradient embedding is the gradient of the loss, with the
 * predicted class as label, with respect to the output layer's weights: (p - onehot(argmax p))
 * outer h, h the penultimate activations. The batch is chosen by k-means++ seeding over those
 * embeddings: first the sample with the largest gradient, then each next one with probability
 * proportional to its squared distance to the nearest chosen one. The embeddings are never built:
 * their dot product is the product of the two factors' dot products, so memory stays that of
 * {@link Embeddings}. Time: budget x pool x (dim + classes).
 */
public final class Badge implements BatchQueryStrategy {
    public static final String NAME = "badge";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] choose(Embeddings pool, Embeddings labelled, int budget, long seed, CancelCheck cancel) {
        int n = pool.size();
        int classes = pool.classes();
        float[] q = residuals(pool);
        double[] qNorm = new double[n];
        double[] hNorm = new double[n];
        for (int i = 0; i < n; i++) {
            qNorm[i] = dot(q, i * classes, q, i * classes, classes);
            hNorm[i] = dot(pool.features(), i * pool.dim(), pool.features(), i * pool.dim(), pool.dim());
        }
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        boolean[] taken = new boolean[n];
        SplittableRandom rng = new SplittableRandom(seed);
        int[] chosen = new int[budget];
        int next = 0;
        for (int i = 1; i < n; i++) {
            if (qNorm[i] * hNorm[i] > qNorm[next] * hNorm[next]) {
                next = i;
            }
        }
        for (int b = 0; b < budget; b++) {
            cancel.throwIfCancelled();
            taken[next] = true;
            chosen[b] = pool.ids()[next];
            if (b == budget - 1) {
                break;
            }
            double total = 0;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    nearest[i] = 0;
                    continue;
                }
                double d = qNorm[i] * hNorm[i] + qNorm[next] * hNorm[next]
                        - 2 * dot(q, i * classes, q, next * classes, classes)
                        * dot(pool.features(), i * pool.dim(), pool.features(), next * pool.dim(), pool.dim());
                nearest[i] = Math.min(nearest[i], Math.max(0, d));
                total += nearest[i];
            }
            next = draw(nearest, taken, total, rng);
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /** A sample drawn with probability proportional to {@code weights}; all zero: the first not taken. */
    private static int draw(double[] weights, boolean[] taken, double total, SplittableRandom rng) {
        if (total > 0) {
            double target = rng.nextDouble() * total;
            double sum = 0;
            int last = -1;
            for (int i = 0; i < weights.length; i++) {
                if (!taken[i] && weights[i] > 0) {
                    sum += weights[i];
                    last = i;
                    if (sum > target) {
                        return i;
                    }
                }
            }
            return last;
        }
        for (int i = 0; i < taken.length; i++) {
            if (!taken[i]) {
                return i;
            }
        }
        throw new IllegalArgumentException("budget exceeds the pool");
    }

    /** p - onehot(argmax p) for each sample: the loss gradient at the output's logits. */
    private static float[] residuals(Embeddings pool) {
        int classes = pool.classes();
        float[] q = pool.probabilities().clone();
        for (int i = 0; i < pool.size(); i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (q[i * classes + c] > q[i * classes + best]) {
                    best = c;
                }
            }
            q[i * classes + best] -= 1f;
        }
        return q;
    }

    private static double dot(float[] a, int ao, float[] b, int bo, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) {
            s += (double) a[ao + k] * b[bo + k];
        }
        return s;
    }
}
