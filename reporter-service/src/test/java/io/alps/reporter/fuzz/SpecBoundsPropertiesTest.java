package io.alps.reporter.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.sweep.SweepJson;
import io.alps.reporter.api.SpecBounds;
import io.alps.reporter.api.SubmitLimits;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The bound check itself, on the jqwik engine: it judges any body without failing, quickly, and
 * a sweep it lets through really has no more members than the size limit it checked.
 */
class SpecBoundsPropertiesTest {
    /** The limits as a deployment without settings has them (the mapping's own defaults). */
    private static final SubmitLimits LIMITS = new SmallRyeConfigBuilder().withMapping(SubmitLimits.class).build()
            .getConfigMapping(SubmitLimits.class);
    private final SpecBounds bounds = new SpecBounds(LIMITS);

    @Provide
    Arbitrary<String> bodies() {
        return RequestBodies.bodies();
    }

    @Property(tries = 1000, seed = "20261207")
    void anyBodyIsJudgedQuicklyWithoutFailing(@ForAll("bodies") String body) {
        for (SpecBounds.Shape shape : SpecBounds.Shape.values()) {
            long t0 = System.nanoTime();
            List<String> problems = bounds.problems(body, shape);
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to judge a body of %,d characters", body.length())
                    .isLessThan(1.0);
            assertThat(problems).allSatisfy(p -> assertThat(p).hasSizeLessThan(600));
        }
    }

    @Provide
    Arbitrary<String> sweeps() {
        Arbitrary<String> seeds = Arbitraries.longs().between(-5, 1000).set().ofMinSize(1).ofMaxSize(120)
                .map(s -> list(s.stream().map(String::valueOf).toList()));
        Arbitrary<String> strategies = names("least-confidence", "entropy", "margin", "random", "badge", "coreset");
        Arbitrary<String> ks = Arbitraries.doubles().between(0.05, 1).ofScale(2).set().ofMinSize(1).ofMaxSize(25)
                .map(s -> list(s.stream().map(String::valueOf).toList()));
        Arbitrary<String> ratios = Arbitraries.doubles().between(0.05, 0.9).ofScale(2).set().ofMinSize(1).ofMaxSize(25)
                .map(s -> list(s.stream().map(String::valueOf).toList()));
        Arbitrary<String> rewinds = names("theta0", "random", "keep");
        Arbitrary<String> controls = names("random-sampling", "random-reinit", "random-mask", "dense");
        Arbitrary<String> kinds = Arbitraries.of("dense", "edge-popup", "lth");
        return Combinators.combine(kinds, seeds, strategies, ks, ratios, rewinds, controls).as(
                (kind, s, st, k, r, rw, c) -> "{\"kind\":\"" + kind + "\",\"dataset\":\"fashion-mnist\","
                        + "\"data\":\"tiny-fashion\",\"seed\":" + s + ",\"strategy\":" + st + ",\"k\":" + k
                        + ",\"pruneRatio\":" + r + ",\"rewind\":" + rw + ",\"controls\":" + c + "}");
    }

    private static Arbitrary<String> names(String... names) {
        return Arbitraries.of(names).set().ofMinSize(1).ofMaxSize(names.length)
                .map(s -> list(s.stream().map(RequestBodies::quote).toList()));
    }

    private static String list(List<String> items) {
        return "[" + String.join(",", items) + "]";
    }

    @Property(tries = 200, seed = "20261207")
    void aSweepWithinItsBoundsHasNoMoreMembersThanTheSizeLimit(@ForAll("sweeps") String body) {
        Assume.that(bounds.problems(body, SpecBounds.Shape.SWEEP).isEmpty());
        try {
            assertThat(SweepJson.parse(body).expand()).hasSizeLessThanOrEqualTo((int) LIMITS.max().sweepSize());
        } catch (ExperimentSpec.SpecException invalid) {
            // Bounded but not a valid sweep (e.g. a control the kind does not take): refused, nothing built.
        }
    }
}
