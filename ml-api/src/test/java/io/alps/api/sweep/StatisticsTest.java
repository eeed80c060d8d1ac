package io.alps.api.sweep;

import io.alps.api.sweep.Statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Against values computed by hand (t_{0.975, 2} = 4.302653, t_{0.975, 4} = 2.776445). */
class StatisticsTest {
    @Test
    void meanAndStudentTIntervalForThreeValues() {
        Statistics.Interval i = Statistics.meanCi95(new double[] {0.50, 0.52, 0.57});
        // mean 0.53, sd = sqrt(((-.03)^2 + (-.01)^2 + .04^2) / 2) = sqrt(0.0013)
        double half = 4.302653 * Math.sqrt(0.0013) / Math.sqrt(3);
        assertThat(i.mean()).isCloseTo(0.53, within(1e-12));
        assertThat(i.low()).isCloseTo(0.53 - half, within(1e-6));
        assertThat(i.high()).isCloseTo(0.53 + half, within(1e-6));
        assertThat(i.n()).isEqualTo(3);
    }

    @Test
    void fiveValuesUseFourDegreesOfFreedom() {
        Statistics.Interval i = Statistics.meanCi95(new double[] {1, 2, 3, 4, 5});
        assertThat(i.halfWidth()).isCloseTo(2.776445 * Math.sqrt(2.5) / Math.sqrt(5), within(1e-6));
    }

    @Test
    void oneValueHasNoInterval() {
        Statistics.Interval i = Statistics.meanCi95(new double[] {0.4});
        assertThat(i.mean()).isEqualTo(0.4);
        assertThat(i.low()).isNaN();
    }

    @Test
    void normalisedAucIsTheTrapezoidOverTheLabeledRange() {
        // Trapezoids: (2000..8000) mean 0.35 * 6000 + (8000..14000) mean 0.45 * 6000 = 4800; / 12000
        assertThat(Statistics.normalisedAuc(new double[] {2000, 8000, 14000}, new double[] {0.3, 0.4, 0.5}))
                .isCloseTo(0.4, within(1e-12));
        // Uneven spacing weighs the longer interval more.
        assertThat(Statistics.normalisedAuc(new double[] {0, 1, 4}, new double[] {0, 1, 1}))
                .isCloseTo((0.5 + 3.0) / 4, within(1e-12));
    }
}
