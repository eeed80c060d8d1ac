package io.alps.reporter.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads the console's session cookie: the pages and the API requests their scripts make carry it.
 * An unknown or expired session leaves the request anonymous rather than refusing it, so the login
 * page still answers and the console's pages send the person there.
 */
@ApplicationScoped
public class ConsoleSessionMechanism implements HttpAuthenticationMechanism {
    /** HttpOnly, SameSite=Strict: scripts cannot read it and no other site's page sends it. */
    public static final String COOKIE = "alps_session";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        var cookie = context.request().getCookie(COOKIE);
        if (cookie == null || cookie.getValue().isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new ConsoleSessionRequest(cookie.getValue()))
                .onFailure(AuthenticationFailedException.class).recoverWithNull();
    }

    @Override
    public int getPriority() {
        // After the Authorization header (BearerTokenMechanism), before OIDC's mechanism.
        return DEFAULT_PRIORITY + 50;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // The API's challenge is the Bearer one; the console's pages redirect to the login page themselves.
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ConsoleSessionRequest.class);
    }
}
