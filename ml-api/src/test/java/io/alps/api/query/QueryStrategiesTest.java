package io.alps.api.query;

import io.alps.api.query.QueryStrategy;

import io.alps.api.query.QueryStrategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-made probability rows with known answers. */
class QueryStrategiesTest {
    private static final float[] SURE = {0.96f, 0.02f, 0.02f};
    private static final float[] TORN = {0.48f, 0.47f, 0.05f};
    private static final float[] FLAT = {0.36f, 0.33f, 0.31f};

    private static double score(String strategy, float[] row) {
        return QueryStrategies.get(strategy).score(row, 0, row.length, 0, 0);
    }

    @Test
    void leastConfidenceIsOneMinusTopProbability() {
        assertThat(score("least-confidence", SURE)).isCloseTo(0.04, within(1e-6));
        assertThat(score("least-confidence", FLAT)).isCloseTo(0.64, within(1e-6));
    }

    @Test
    void entropyMatchesHandComputation() {
        double expected = -(0.48 * Math.log(0.48) + 0.47 * Math.log(0.47) + 0.05 * Math.log(0.05));
        assertThat(score("entropy", TORN)).isCloseTo(expected, within(1e-6));
        assertThat(score("entropy", FLAT)).isGreaterThan(score("entropy", TORN));
    }

    @Test
    void marginPrefersTheSmallestGapBetweenTheTopTwo() {
        assertThat(score("margin", TORN)).isCloseTo(-0.01, within(1e-6));
        assertThat(score("margin", SURE)).isCloseTo(-0.94, within(1e-6));
        // Margin and least confidence disagree here: TORN has the smaller gap, FLAT the lower top.
        assertThat(score("margin", TORN)).isGreaterThan(score("margin", FLAT));
        assertThat(score("least-confidence", FLAT)).isGreaterThan(score("least-confidence", TORN));
    }

    @Test
    void randomDependsOnlyOnStreamAndId() {
        QueryStrategy random = QueryStrategies.get("random");
        assertThat(random.usesModel()).isFalse();
        assertThat(random.score(null, 0, 3, 5, 99)).isEqualTo(random.score(SURE, 0, 3, 5, 99));
        assertThat(random.score(null, 0, 3, 5, 99)).isNotEqualTo(random.score(null, 0, 3, 6, 99));
        assertThat(random.score(null, 0, 3, 5, 99)).isNotEqualTo(random.score(null, 0, 3, 5, 100));
    }

    @Test
    void rowsAreReadAtTheirOffset() {
        float[] chunk = {0.96f, 0.02f, 0.02f, 0.34f, 0.33f, 0.33f};
        assertThat(QueryStrategies.get("least-confidence").score(chunk, 3, 3, 1, 0)).isCloseTo(0.66, within(1e-6));
    }

    @Test
    void unknownStrategyListsTheKnownOnes() {
        assertThatThrownBy(() -> QueryStrategies.get("psychic"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown strategy 'psychic': expected one of least-confidence, entropy, margin, random, bald, badge, coreset");
    }
}
