package io.alps.ml.al;

import io.alps.api.util.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Labeled sets are sorted arrays of sample ids; these are the set operations on them. */
public final class LabelSets {
    private LabelSets() {
    }

    /** Round 0's labelled ids: a seeded uniform random subset of {@code n} ids out of {@code poolSize}, sorted. */
    public static int[] initial(long seed, int poolSize, int n) {
        if (n > poolSize) {
            throw new IllegalArgumentException(n + " initial labels requested from a pool of " + poolSize);
        }
        return sample(seed, "initial-labels", poolSize, n);
    }

    /** A uniform random subset of {@code n <= poolSize} ids, sorted, drawn from the seed's stream for {@code purpose}. */
    public static int[] sample(long seed, String purpose, int poolSize, int n) {
        int[] ids = new int[poolSize];
        for (int i = 0; i < poolSize; i++) {
            ids[i] = i;
        }
        SplittableRandom rng = Seeds.random(seed, purpose);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(poolSize - i);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        int[] out = Arrays.copyOf(ids, n);
        Arrays.sort(out);
        return out;
    }

    /** The ids of {@code [0, poolSize)} not in the sorted array {@code labeled}. */
    public static int[] unlabeled(int poolSize, int[] labeled) {
        int[] out = new int[poolSize - labeled.length];
        int j = 0;
        int k = 0;
        for (int id = 0; id < poolSize; id++) {
            if (j < labeled.length && labeled[j] == id) {
                j++;
            } else {
                out[k++] = id;
            }
        }
        return out;
    }

    /** The sorted union of two sorted, disjoint id arrays. */
    public static int[] union(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new IllegalArgumentException("sample " + out[i] + " is labeled twice");
            }
        }
        return out;
    }
}
