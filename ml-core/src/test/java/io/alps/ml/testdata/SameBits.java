package io.alps.ml.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Compares float arrays bit for bit, naming how many values differ and the first (AssertJ on big arrays is slow). */
public final class SameBits {

    private SameBits() {
    }

    public static void assertSameBits(INDArray actual, INDArray expected, String what) {
        float[] a = actual.dup('c').data().asFloat();
        float[] e = expected.dup('c').data().asFloat();
        assertThat(a.length).as(what + ": length").isEqualTo(e.length);
        int differing = 0;
        int first = -1;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(e[i])) {
                differing++;
                first = first < 0 ? i : first;
            }
        }
        assertThat(differing).as(what + ": values that differ of " + a.length + " (first at " + first + ": "
                + (first < 0 ? "" : a[first] + " vs " + e[first]) + ")").isZero();
    }
}
