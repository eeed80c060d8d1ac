package io.alps.reporter.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A console session id from the login cookie; only {@link ConsoleSessionIdentityProvider} reads it. */
public final class ConsoleSessionRequest extends BaseAuthenticationRequest {
    private final String sessionId;

    public ConsoleSessionRequest(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}
