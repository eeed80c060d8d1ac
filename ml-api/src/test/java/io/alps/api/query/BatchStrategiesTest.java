package io.alps.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Core-set and BADGE on hand-made embeddings whose right answer is known, and their determinism. */
class BatchStrategiesTest {

    private static Embeddings of(int[] ids, float[][] features, float[][] probabilities) {
        int dim = features[0].length;
        int classes = probabilities[0].length;
        float[] f = new float[ids.length * dim];
        float[] p = new float[ids.length * classes];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(features[i], 0, f, i * dim, dim);
            System.arraycopy(probabilities[i], 0, p, i * classes, classes);
        }
        return new Embeddings(ids, f, dim, p, classes);
    }

    private static float[][] same(int n, float[] row) {
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = row.clone();
        }
        return rows;
    }

    @Test
    void baldIsZeroWhenThePassesAgreeAndLnTwoWhenTwoSurePassesDisagree() {
        Bald bald = new Bald();
        float[][] agree = {{0.7f, 0.3f}, {0.7f, 0.3f}, {0.7f, 0.3f}};
        assertThat(bald.score(agree, 0, 2)).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));
        float[][] disagree = {{1f, 0f}, {0f, 1f}};
        assertThat(bald.score(disagree, 0, 2)).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
        // Unsure but consistent passes carry no disagreement: less than the sure ones that differ.
        float[][] unsure = {{0.5f, 0.5f, 9f}, {0.5f, 0.5f, 9f}};
        assertThat(bald.score(unsure, 0, 2)).isLessThan(bald.score(disagree, 0, 2));
        // The offset picks the sample's row in each pass.
        float[][] twoRows = {{0.7f, 0.3f, 1f, 0f}, {0.7f, 0.3f, 0f, 1f}};
        assertThat(bald.score(twoRows, 2, 2)).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(QueryStrategies.get("bald")).isInstanceOf(Bald.class);
    }

    @Test
    void coreSetTakesTheSampleFarthestFromEverythingLabelledThenFromWhatItTook() {
        Embeddings labelled = of(new int[] {100}, new float[][] {{0, 0}}, same(1, new float[] {0.5f, 0.5f}));
        // Ids 7 (1,0), 8 (10,0), 9 (10,1), 12 (-5,0): 9 is farthest from the labelled point; then 8 is
        // next to 9, so -5,0 (25 away) beats 1,0 (1 away).
        Embeddings pool = of(new int[] {7, 8, 9, 12}, new float[][] {{1, 0}, {10, 0}, {10, 1}, {-5, 0}},
                same(4, new float[] {0.5f, 0.5f}));
        assertThat(new CoreSet().choose(pool, labelled, 2, 0)).containsExactly(9, 12);
        assertThat(new CoreSet().choose(pool, labelled, 1, 0)).containsExactly(9);
        // Equal distances: the smaller id.
        Embeddings tie = of(new int[] {3, 5}, new float[][] {{2, 0}, {-2, 0}}, same(2, new float[] {0.5f, 0.5f}));
        assertThat(new CoreSet().choose(tie, labelled, 1, 0)).containsExactly(3);
    }

    @Test
    void badgeStartsAtTheLargestGradientAndNeverTakesACopyOfWhatItHas() {
        // Ids 0 and 1 and 3 are the same sample (same probabilities, same activations); 2 differs.
        float[][] h = {{3, 0}, {3, 0}, {0, 1}, {3, 0}};
        float[][] p = {{0.4f, 0.6f}, {0.4f, 0.6f}, {0.9f, 0.1f}, {0.4f, 0.6f}};
        Embeddings pool = of(new int[] {0, 1, 2, 3}, h, p);
        // |g|^2 = |p - onehot|^2 |h|^2: 0.32 * 9 for the copies, 0.02 * 1 for id 2.
        assertThat(new Badge().choose(pool, null, 1, 5)).containsExactly(0);
        for (long seed = 0; seed < 20; seed++) {
            assertThat(new Badge().choose(pool, null, 2, seed)).as("seed %d", seed).containsExactly(0, 2);
        }
    }

    private static Embeddings random(int n, int dim, int classes, long seed) {
        Random rng = new Random(seed);
        int[] ids = new int[n];
        float[] f = new float[n * dim];
        float[] p = new float[n * classes];
        for (int i = 0; i < n; i++) {
            ids[i] = 3 * i + 1;
            for (int k = 0; k < dim; k++) {
                f[i * dim + k] = (float) rng.nextGaussian();
            }
            float sum = 0;
            for (int c = 0; c < classes; c++) {
                p[i * classes + c] = rng.nextFloat();
                sum += p[i * classes + c];
            }
            for (int c = 0; c < classes; c++) {
                p[i * classes + c] /= sum;
            }
        }
        return new Embeddings(ids, f, dim, p, classes);
    }

    @Test
    void theSameSeedGivesTheSameBatchAndBadgeDependsOnTheSeed() {
        Embeddings pool = random(600, 16, 10, 1);
        Embeddings labelled = random(50, 16, 10, 2);
        int[] badge = new Badge().choose(pool, null, 40, 7);
        assertThat(badge).hasSize(40).doesNotHaveDuplicates().isSorted();
        assertThat(new Badge().choose(pool, null, 40, 7)).containsExactly(badge);
        assertThat(new Badge().choose(pool, null, 40, 8)).isNotEqualTo(badge);
        int[] core = new CoreSet().choose(pool, labelled, 40, 7);
        assertThat(core).hasSize(40).doesNotHaveDuplicates().isSorted();
        assertThat(new CoreSet().choose(pool, labelled, 40, 99)).as("core-set uses no randomness").containsExactly(core);
        assertThat(QueryStrategies.get("badge")).isInstanceOf(Badge.class);
        assertThat(QueryStrategies.get("coreset")).isInstanceOf(CoreSet.class);
    }

    @Test
    void aFiftyThousandSamplePoolIsHeldInItsEmbeddingsAlone() {
        // LeNet-5's penultimate layer (84) and 10 classes: 50,000 x 94 floats.
        Embeddings pool = random(50_000, 84, 10, 3);
        assertThat(pool.bytes()).isEqualTo(50_000L * 94 * 4);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        int[] core = new CoreSet().choose(pool, random(100, 84, 10, 4), 20, 0);
        int[] badge = new Badge().choose(pool, null, 20, 0);
        long after = rt.totalMemory() - rt.freeMemory();
        assertThat(core).hasSize(20);
        assertThat(badge).hasSize(20);
        // Working memory is a few arrays of one value per sample (under 2 MB here), never pool x pool.
        assertThat(after - before).as("heap growth while choosing").isLessThan(64L << 20);
    }
}
