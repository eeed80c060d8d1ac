package io.alps.ml.popup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class MaskTest {
    @Test
    void keepsExactlyRoundKTimesNOfTheLargestAbsoluteScores() {
        Random rng = new Random(5);
        for (int n : new int[] {1, 7, 100, 2400, 48000}) {
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = (float) rng.nextGaussian();
            }
            for (double k : new double[] {0.1, 0.25, 0.5, 0.7, 0.9, 1.0}) {
                if (Math.round(k * n) < 1) {
                    continue;
                }
                Mask m = Mask.topK(s, new long[] {n}, k);
                int expected = (int) Math.round(k * n);
                assertThat(m.kept()).isEqualTo(expected);
                float[] abs = new float[n];
                for (int i = 0; i < n; i++) {
                    abs[i] = Math.abs(s[i]);
                }
                float[] sorted = abs.clone();
                Arrays.sort(sorted);
                float cut = sorted[n - expected];
                assertThat(m.threshold()).isEqualTo(cut);
                for (int i = 0; i < n; i++) {
                    assertThat(m.isKept(i)).as("position %d of %d at k=%s", i, n, k).isEqualTo(abs[i] >= cut);
                }
            }
        }
    }

    @Test
    void tiesGoToTheSmallerPositionSoTheCountIsExact() {
        Mask m = Mask.topK(new float[] {0.5f, -0.5f, 0.5f, 0.1f, -0.5f}, new long[] {5}, 0.4);
        assertThat(m.kept()).isEqualTo(2);
        assertThat(m.isKept(0)).isTrue();
        assertThat(m.isKept(1)).isTrue();
        assertThat(m.isKept(2)).isFalse();
        assertThat(m.isKept(4)).isFalse();

        Mask allEqual = Mask.topK(new float[8], new long[] {2, 4}, 0.5);
        assertThat(allEqual.kept()).isEqualTo(4);
        for (int i = 0; i < 8; i++) {
            assertThat(allEqual.isKept(i)).isEqualTo(i < 4);
        }
    }

    @Test
    void ranksRowMajorOverTheLogicalShapeWhateverTheStorageOrder() {
        // A [2, 3] array stored column-major: position = row * 3 + column.
        var scores = Nd4j.create(new float[] {1, 4, 2, 5, 3, 6}, new long[] {2, 3}, 'f');
        Mask m = Mask.topK(scores, 0.5);
        assertThat(m.isKept(3)).isTrue(); // [1,0] = 4
        assertThat(m.isKept(4)).isTrue(); // [1,1] = 5
        assertThat(m.isKept(5)).isTrue(); // [1,2] = 6
        assertThat(m.toArray(DataType.FLOAT).toFloatMatrix()).isEqualTo(new float[][] {{0, 0, 0}, {1, 1, 1}});
    }

    @Test
    void rejectsInvalidMasksAndK() {
        BitSet two = new BitSet();
        two.set(0);
        two.set(3);
        assertThatThrownBy(() -> new Mask(new long[] {4}, 0.75, two, 0f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keeps 2 of 4 weights");
        assertThatThrownBy(() -> new Mask(new long[] {3}, 0.5, two, 0f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside shape");
        assertThatThrownBy(() -> Mask.keptCount(10, 0)).hasMessageContaining("k must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> Mask.keptCount(10, 1.5)).hasMessageContaining("got 1.5");
        assertThatThrownBy(() -> Mask.keptCount(10, 0.01)).hasMessageContaining("keeps no weight of a layer with 10 weights");
    }

    @Test
    void jaccardMeasuresOverlap() {
        Mask a = Mask.topK(new float[] {4, 3, 2, 1}, new long[] {4}, 0.5);
        Mask b = Mask.topK(new float[] {4, 1, 3, 2}, new long[] {4}, 0.5);
        assertThat(a.jaccard(a)).isEqualTo(1.0);
        assertThat(a.jaccard(b)).isEqualTo(1.0 / 3);
        assertThatThrownBy(() -> a.jaccard(Mask.topK(new float[] {1, 2, 3, 4}, new long[] {2, 2}, 0.5)))
                .hasMessageContaining("cannot be compared");
    }
}
