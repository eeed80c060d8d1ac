package io.alps.reporter.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The console's login sessions. */
@ConfigMapping(prefix = "alps.console")
public interface ConsoleSessionConfig {
    /** How long a console login lasts; then the person logs in again ({@code ALPS_CONSOLE_SESSION_LIFETIME}). */
    @WithDefault("PT8H")
    Duration sessionLifetime();
}
