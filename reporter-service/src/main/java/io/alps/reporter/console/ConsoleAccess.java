package io.alps.reporter.console;

import io.alps.reporter.security.ConsoleSessionMechanism;
import io.alps.reporter.security.CrossSitePosts;
import io.alps.reporter.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;

/** Who may see and change what on the console's pages beyond the list (the compare page, the cancel button). */
final class ConsoleAccess {
    private ConsoleAccess() {
    }

    static boolean canRead(SecurityIdentity identity) {
        return !identity.isAnonymous() && identity.hasRole(Roles.READ);
    }

    static boolean canWrite(SecurityIdentity identity) {
        return !identity.isAnonymous() && identity.hasRole(Roles.WRITE);
    }

    /** To the login page, dropping a cookie whose session is gone. */
    static Response toLogin(HttpHeaders headers) {
        Response.ResponseBuilder redirect = Response.seeOther(URI.create("/login"));
        Cookie c = headers.getCookies().get(ConsoleSessionMechanism.COOKIE);
        if (c == null || c.getValue().isBlank()) {
            return redirect.build();
        }
        return redirect.cookie(new NewCookie.Builder(ConsoleSessionMechanism.COOKIE).value("").path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build()).build();
    }

    /** Why a post is refused as coming from another site's page, or empty. */
    static Optional<String> crossSite(HttpHeaders headers, UriInfo uri) {
        return CrossSitePosts.refusal(headers.getHeaderString("Sec-Fetch-Site"), headers.getHeaderString("Origin"),
                uri.getBaseUri());
    }
}
