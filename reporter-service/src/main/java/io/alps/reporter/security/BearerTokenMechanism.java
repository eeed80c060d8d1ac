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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads {@code Authorization: Bearer <token>} into Quarkus's security layer; the
 * {@link ApiTokenIdentityProvider} decides what the token may do. A request without the header
 * (or a live console session, {@link ConsoleSessionMechanism}) is anonymous: endpoints that
 * require a role answer 401 with a Bearer challenge.
 *
 * <p>With OIDC switched on ({@code quarkus.oidc.tenant-enabled=true} and the provider's settings),
 * a bearer that is no API token is not refused here but left to Quarkus's OIDC mechanism, which
 * runs after this one: configured API tokens keep working beside the provider's tokens.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
    private static final String PREFIX = "Bearer ";

    private final boolean oidc;

    public BearerTokenMechanism(@ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean oidc) {
        this.oidc = oidc;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Uni.createFrom().nullItem();
        }
        String token = header.substring(PREFIX.length()).strip();
        Uni<SecurityIdentity> identity = identities.authenticate(new ApiTokenRequest(token));
        return oidc ? identity.onFailure(AuthenticationFailedException.class).recoverWithNull() : identity;
    }

    @Override
    public int getPriority() {
        // Before OIDC's mechanism (default priority), which would refuse an API token as no JWT.
        return DEFAULT_PRIORITY + 100;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"alps\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class);
    }
}
