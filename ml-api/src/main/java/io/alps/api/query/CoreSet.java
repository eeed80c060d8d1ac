package io.alps.api.query;

import io.alps.api.util.CancelCheck;
import java.util.Arrays;

/**
 * Core-set selection (Sener &amp; Savarese 2018), k-center greedy: starting from the labelled set,
 * repeatedly label the pool sample farthest (Euclidean, penultimate-layer embeddings) from
 * everything labelled or chosen so far. Time: (labelled + budget) x pool x dim; memory: one
 * distance per pool sample beside the embeddings. Ties go to the smaller id.
 */
public final class CoreSet implements BatchQueryStrategy {
    public static final String NAME = "coreset";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsLabelled() {
        return true;
    }

    @Override
    public int[] choose(Embeddings pool, Embeddings labelled, int budget, long seed, CancelCheck cancel) {
        int n = pool.size();
        int dim = pool.dim();
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int j = 0; j < labelled.size(); j++) {
            cancel.throwIfCancelled();
            closer(pool, nearest, labelled.features(), j * dim);
        }
        boolean[] taken = new boolean[n];
        int[] chosen = new int[budget];
        for (int b = 0; b < budget; b++) {
            cancel.throwIfCancelled();
            int far = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (far < 0 || nearest[i] > nearest[far])) {
                    far = i; // strictly greater, so an equal distance keeps the earlier (smaller) id
                }
            }
            taken[far] = true;
            chosen[b] = pool.ids()[far];
            closer(pool, nearest, pool.features(), far * dim);
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /** Lowers each pool sample's distance to the point at {@code from[offset..]} where that is nearer. */
    private static void closer(Embeddings pool, double[] nearest, float[] from, int offset) {
        int dim = pool.dim();
        float[] x = pool.features();
        for (int i = 0; i < nearest.length; i++) {
            double d = 0;
            int base = i * dim;
            for (int k = 0; k < dim; k++) {
                double diff = x[base + k] - from[offset + k];
                d += diff * diff;
            }
            if (d < nearest[i]) {
                nearest[i] = d;
            }
        }
    }
}
