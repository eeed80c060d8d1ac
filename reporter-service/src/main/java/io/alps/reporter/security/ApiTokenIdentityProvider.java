package io.alps.reporter.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Checks a bearer token against the configured ones. Every configured token is compared, each in
 * constant time over SHA-256 digests, so neither the answer's timing nor an early exit says how
 * much of a guess was right. The principal is a short digest of the token (never the token).
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {
    private static final Logger LOG = Logger.getLogger(ApiTokenIdentityProvider.class);

    private record Known(byte[] digest, Set<String> roles) {
    }

    private final List<Known> known = new ArrayList<>();

    private final boolean oidc;

    public ApiTokenIdentityProvider(ApiTokens tokens,
                                    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean oidc) {
        this.oidc = oidc;
        tokens.tokens().orElse(List.of()).forEach(t -> add(t, Set.of(Roles.READ, Roles.WRITE)));
        tokens.readOnlyTokens().orElse(List.of()).forEach(t -> add(t, Set.of(Roles.READ)));
    }

    void warnWithoutTokens(@Observes StartupEvent started) {
        if (known.isEmpty() && !oidc) {
            LOG.warn("no API token configured (ALPS_API_TOKENS): every /experiments and /sweeps request is refused");
        }
    }

    private void add(String token, Set<String> roles) {
        if (!token.isBlank()) {
            known.add(new Known(digest(token.strip()), roles));
        }
    }

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        return identity(request.token()).map(i -> Uni.createFrom().item(i))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown API token")));
    }

    /** Who the token is and what it may do; empty for a token this service does not know. */
    public Optional<SecurityIdentity> identity(String token) {
        Set<String> roles = roles(token);
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("token-" + HexFormat.of().formatHex(digest(token), 0, 4)));
        roles.forEach(identity::addRole);
        return Optional.of(identity.build());
    }

    /** What the token may do; empty for a token this service does not know. */
    public Set<String> roles(String token) {
        byte[] presented = digest(token);
        Known match = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.digest(), presented) && match == null) {
                match = k;
            }
        }
        return match == null ? Set.of() : match.roles();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
