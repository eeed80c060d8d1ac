package io.alps.reporter.security;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a form post made by this site's own page from one another site's page made the browser
 * send (login CSRF: logging a person in as someone else, or out). Browsers say where a request
 * comes from: {@code Sec-Fetch-Site} (computed by the browser, untouched by proxies), else
 * {@code Origin}, which must then be this service's own scheme, host and port. A request with
 * neither header comes from no current browser (curl, scripts) and so from no other site's page.
 */
public final class CrossSitePosts {
    private CrossSitePosts() {
    }

    /**
     * Why the post is refused, or empty when it came from this site.
     *
     * @param self this service's address as the request reached it (scheme, host, port)
     */
    public static Optional<String> refusal(String secFetchSite, String origin, URI self) {
        if (secFetchSite != null) {
            return "same-origin".equals(secFetchSite.strip().toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : Optional.of("the browser says this post came from another site (Sec-Fetch-Site: " + secFetchSite + ")");
        }
        if (origin != null && !sameOrigin(origin.strip(), self)) {
            return Optional.of("the browser says this post came from another site (Origin: " + origin + ")");
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(String origin, URI self) {
        try {
            URI o = URI.create(origin);
            return o.getScheme() != null && o.getHost() != null
                    && o.getScheme().equalsIgnoreCase(self.getScheme()) && o.getHost().equalsIgnoreCase(self.getHost())
                    && port(o) == port(self) && (o.getPath() == null || o.getPath().isEmpty());
        } catch (IllegalArgumentException e) {
            // "null" (a sandboxed or privacy-sensitive context) and anything unparsable is no origin of ours.
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
