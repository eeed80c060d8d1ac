package io.alps.reporter.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's logins: a random id the browser keeps in a cookie, standing for the identity the
 * person's API token had at login, until it expires or the person logs out. The token itself never
 * goes into a cookie. Sessions live in this process: a restarted reporter has none, and a browser
 * still holding an old id is simply sent to the login page.
 */
@ApplicationScoped
public class ConsoleSessions {
    private record Session(SecurityIdentity identity, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Clock clock;

    @Inject
    public ConsoleSessions(ConsoleSessionConfig config) {
        this(config.sessionLifetime(), Clock.systemUTC());
    }

    ConsoleSessions(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A new session for {@code identity}; its id, 256 random bits, goes into the cookie. */
    public String start(SecurityIdentity identity) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expires().isAfter(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(id, new Session(identity, now.plus(lifetime)));
        return id;
    }

    /** The identity of a live session; empty for an unknown, ended or expired one. */
    public Optional<SecurityIdentity> identity(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expires().isAfter(clock.instant())) {
            sessions.remove(id, s);
            return Optional.empty();
        }
        return Optional.of(s.identity());
    }

    public void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** How long a session lasts, for the cookie's Max-Age. */
    public Duration lifetime() {
        return lifetime;
    }
}
