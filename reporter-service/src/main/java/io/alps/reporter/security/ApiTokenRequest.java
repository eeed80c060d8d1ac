package io.alps.reporter.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * An API token to check. Its own request type, not Quarkus's {@code TokenAuthenticationRequest},
 * so that only {@link ApiTokenIdentityProvider} sees API tokens and only OIDC's provider sees the
 * provider's tokens when OIDC is on.
 */
public final class ApiTokenRequest extends BaseAuthenticationRequest {
    private final String token;

    public ApiTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
