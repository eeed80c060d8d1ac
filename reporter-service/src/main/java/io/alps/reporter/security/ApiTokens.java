package io.alps.reporter.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens the API accepts (environment: {@code ALPS_API_TOKENS},
 * {@code ALPS_API_READ_ONLY_TOKENS}; comma-separated). Tokens are configured, never committed:
 * {@code ./alps stack} creates one per start, compose takes it from {@code .env}.
 */
@ConfigMapping(prefix = "alps.api")
public interface ApiTokens {
    /** Tokens that may read and submit (experiments, sweeps). */
    Optional<List<String>> tokens();

    /** Tokens that may only read. */
    Optional<List<String>> readOnlyTokens();
}
