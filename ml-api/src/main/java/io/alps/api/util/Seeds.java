package io.alps.api.util;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from the experiment seed and a purpose, so
 * that e.g. the shuffle of round 3 epoch 7 never depends on how many random numbers anything
 * else drew before it.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long derive(long seed, String purpose, long... indices) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h ^ purpose.charAt(i));
        }
        for (long idx : indices) {
            h = mix(h ^ (idx + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    public static SplittableRandom random(long seed, String purpose, long... indices) {
        return new SplittableRandom(derive(seed, purpose, indices));
    }

    /** A uniform double in [0, 1) that depends only on (stream, id). */
    public static double uniform(long stream, long id) {
        return (mix(stream ^ mix(id)) >>> 11) * 0x1.0p-53;
    }

    /** Stafford's variant 13 of the SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Fisher-Yates shuffle of a copy of {@code ids}. */
    public static int[] shuffled(int[] ids, SplittableRandom rng) {
        int[] out = ids.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
