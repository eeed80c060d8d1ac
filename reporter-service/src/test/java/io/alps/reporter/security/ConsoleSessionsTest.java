package io.alps.reporter.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Sessions end when they expire or are ended; a post's origin decides whether the console accepts it. */
class ConsoleSessionsTest {
    private static final SecurityIdentity READER = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("token-1234")).addRole(Roles.READ).build();

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void aSessionLastsItsLifetimeAndNoLongerAndEndingItEndsIt() {
        MovingClock clock = new MovingClock();
        ConsoleSessions sessions = new ConsoleSessions(Duration.ofHours(8), clock);
        String first = sessions.start(READER);
        String second = sessions.start(READER);
        assertThat(first).isNotEqualTo(second).matches("[A-Za-z0-9_-]{43}");
        clock.now.set(clock.now.get().plus(Duration.ofHours(8)).minusSeconds(1));
        assertThat(sessions.identity(first)).contains(READER);
        sessions.end(second);
        assertThat(sessions.identity(second)).isEmpty();
        clock.now.set(clock.now.get().plusSeconds(1));
        assertThat(sessions.identity(first)).isEmpty();
        assertThat(sessions.identity("not-a-session")).isEmpty();
        assertThat(sessions.identity(null)).isEmpty();
    }

    @Test
    void onlyAPostFromThisSitesOwnPageIsAccepted() {
        URI self = URI.create("http://127.0.0.1:8080/");
        assertThat(CrossSitePosts.refusal("same-origin", null, self)).isEmpty();
        assertThat(CrossSitePosts.refusal(null, "http://127.0.0.1:8080", self)).isEmpty();
        assertThat(CrossSitePosts.refusal(null, null, self)).as("no browser, so no other site's page").isEmpty();
        assertThat(CrossSitePosts.refusal(null, "https://alps.example", URI.create("https://alps.example/"))).isEmpty();
        assertThat(CrossSitePosts.refusal("cross-site", "http://127.0.0.1:8080", self)).isPresent();
        assertThat(CrossSitePosts.refusal("same-site", null, self)).isPresent();
        assertThat(CrossSitePosts.refusal("none", null, self)).isPresent();
        assertThat(CrossSitePosts.refusal(null, "http://127.0.0.1:8081", self)).isPresent();
        assertThat(CrossSitePosts.refusal(null, "https://127.0.0.1:8080", self)).isPresent();
        assertThat(CrossSitePosts.refusal(null, "http://evil.test", self)).get().asString().contains("Origin: http://evil.test");
        assertThat(CrossSitePosts.refusal(null, "null", self)).isPresent();
    }
}
