package io.alps.reporter.console;

import io.alps.reporter.security.ConsoleSessionMechanism;
import io.alps.reporter.security.CrossSitePosts;
import io.alps.reporter.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;

/**
 * Who may see and change what on the console's form pages: a page needs a login (else the login
 * page), a post needs a token that may write and must come from the console's own page.
 */
@RequestScoped
public class ConsoleAccess {
    /** What a person logged in with a read-only token is told when they try to change something. */
    public static final String READ_ONLY = "Your login may only read: this token is a read-only one "
            + "(ALPS_API_READ_ONLY_TOKENS). Log out and log in with a token that may write.";

    private final SecurityIdentity identity;
    private final HttpHeaders headers;
    private final UriInfo uri;

    public ConsoleAccess(SecurityIdentity identity, HttpHeaders headers, UriInfo uri) {
        this.identity = identity;
        this.headers = headers;
        this.uri = uri;
    }

    public boolean canRead() {
        return !identity.isAnonymous() && identity.hasRole(Roles.READ);
    }

    public boolean canWrite() {
        return canRead() && identity.hasRole(Roles.WRITE);
    }

    /** Why a post is refused because another site's page made it, or empty. */
    public Optional<String> crossSite() {
        return CrossSitePosts.refusal(headers.getHeaderString("Sec-Fetch-Site"), headers.getHeaderString("Origin"),
                uri.getBaseUri());
    }

    /** To the login page, dropping a cookie whose session is gone. */
    public Response toLogin() {
        Response.ResponseBuilder redirect = Response.seeOther(URI.create("/login"));
        return sessionCookie() == null ? redirect.build() : redirect.cookie(clearedCookie()).build();
    }

    /** The session the request's cookie names, or null. */
    public String sessionCookie() {
        Cookie c = headers.getCookies().get(ConsoleSessionMechanism.COOKIE);
        return c == null || c.getValue().isBlank() ? null : c.getValue();
    }

    /** HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure over HTTPS. */
    public NewCookie.Builder cookie(String value) {
        return new NewCookie.Builder(ConsoleSessionMechanism.COOKIE).value(value).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure("https".equalsIgnoreCase(uri.getBaseUri().getScheme()));
    }

    /** The cookie that ends a session in the browser. */
    public NewCookie clearedCookie() {
        return cookie("").maxAge(0).build();
    }
}
