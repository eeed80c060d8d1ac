package io.alps.reporter.console;

import io.alps.reporter.board.BoardConfig;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.board.ExperimentList;
import io.alps.reporter.board.ExperimentView;
import io.alps.reporter.board.Status;
import io.alps.reporter.security.ApiTokenIdentityProvider;
import io.alps.reporter.security.ConsoleSessions;
import io.alps.reporter.sweep.SweepView;
import io.alps.reporter.sweep.Sweeps;
import io.alps.service.storage.StorageKeys;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The web console: server-rendered pages (Qute) over the same views the API serves; the charts and
 * the labelling grid read the API from the browser with the session cookie. Each page asks for a
 * login first: the token is checked here and a console session (never the token) goes into an
 * HttpOnly, SameSite=Strict cookie. A cookie whose session is gone (a restarted service, an
 * expired login) is cleared and the person sent to the login page.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Blocking
@PermitAll
public class ConsolePages {
    private final ExperimentBoard board;
    private final BoardConfig boardConfig;
    private final ExperimentList list;
    private final Sweeps sweeps;
    private final ApiTokenIdentityProvider tokens;
    private final ConsoleSessions sessions;
    private final ConsoleAccess access;
    private final UriInfo uri;

    public ConsolePages(ExperimentBoard board, BoardConfig boardConfig, ExperimentList list, Sweeps sweeps,
                        ApiTokenIdentityProvider tokens, ConsoleSessions sessions,
                        ConsoleAccess access, UriInfo uri) {
        this.list = list;
        this.board = board;
        this.boardConfig = boardConfig;
        this.sweeps = sweeps;
        this.tokens = tokens;
        this.sessions = sessions;
        this.access = access;
        this.uri = uri;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String error);

        static native TemplateInstance index(List<ExperimentRow> experiments, ListPage page, List<SweepView> sweeps,
                                             boolean canWrite);

        static native TemplateInstance experiment(ExperimentView experiment, List<SpecFields.Field> spec, boolean canWrite);

        static native TemplateInstance label(ExperimentView experiment);

        static native TemplateInstance sweep(SweepView sweep, List<String> files, boolean plotted);
    }

    @GET
    @Path("login")
    public Response loginPage() {
        Response.ResponseBuilder page = Response.ok(Templates.login(null));
        String session = access.sessionCookie();
        return session != null && sessions.identity(session).isEmpty() ? page.cookie(access.clearedCookie()).build() : page.build();
    }

    @POST
    @Path("login")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("token") String token) {
        Optional<String> crossSite = access.crossSite();
        if (crossSite.isPresent()) {
            return Response.status(403).entity(Templates.login("Not logged in: " + crossSite.get()
                    + ". Log in on this page.")).build();
        }
        Optional<SecurityIdentity> who = token == null ? Optional.empty() : tokens.identity(token.strip());
        if (who.isEmpty()) {
            return Response.status(401).entity(Templates.login("That token is not one this service accepts.")).build();
        }
        sessions.end(access.sessionCookie());
        NewCookie cookie = access.cookie(sessions.start(who.get())).maxAge((int) sessions.lifetime().toSeconds()).build();
        return Response.seeOther(URI.create("/")).cookie(cookie).build();
    }

    @POST
    @Path("logout")
    public Response logout() {
        Optional<String> crossSite = access.crossSite();
        if (crossSite.isPresent()) {
            return Response.status(403).type(MediaType.TEXT_PLAIN)
                    .entity("Not logged out: " + crossSite.get() + ". Use the console's Log out button.").build();
        }
        sessions.end(access.sessionCookie());
        return Response.seeOther(URI.create("/login")).cookie(access.clearedCookie()).build();
    }

    /**
     * The list page's filters and the link to its next page (the same paging as {@code GET /experiments}).
     * {@code statuses} are the choices of the status filter.
     */
    public record ListPage(String status, String kind, String dataset, String next, boolean filtered,
                           List<String> statuses) {
    }

    @GET
    public Response index(@QueryParam("after") String after, @QueryParam("status") String status,
                          @QueryParam("kind") String kind, @QueryParam("dataset") String dataset) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        Status wanted = statusOrNull(status);
        String from = after == null || !board.knows(after) ? null : after;
        ExperimentList.Page page = list.page(from, boardConfig.pageSize(),
                new ExperimentList.Filter(wanted, blankToNull(kind), blankToNull(dataset)), s -> null);
        List<ExperimentRow> experiments = page.experiments().stream().map(ExperimentRow::of).toList();
        // Relative, so it holds behind a proxy that serves the console under another host.
        URI nextUri = page.nextAfter() == null ? null
                : uri.getRequestUriBuilder().replaceQueryParam("after", page.nextAfter()).build();
        String next = nextUri == null ? null : nextUri.getRawPath() + "?" + nextUri.getRawQuery();
        ListPage shown = new ListPage(wanted == null ? "" : wanted.name(), nullToBlank(blankToNull(kind)),
                nullToBlank(blankToNull(dataset)), next, wanted != null || blankToNull(kind) != null
                        || blankToNull(dataset) != null || from != null,
                java.util.Arrays.stream(Status.values()).map(Enum::name).toList());
        List<SweepView> all = new java.util.ArrayList<>(sweeps.ids().stream().map(sweeps::view).flatMap(Optional::stream)
                .toList());
        java.util.Collections.reverse(all);
        return Response.ok(Templates.index(experiments, shown, all, access.canWrite())).build();
    }

    private static Status statusOrNull(String name) {
        try {
            return name == null || name.isBlank() ? null : Status.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException notAStatus) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String nullToBlank(String value) {
        return value == null ? "" : value;
    }

    @GET
    @Path("console/experiments/{id}")
    public Response experiment(@PathParam("id") String id) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        return view(id, SpecFields::map).map(v -> Response.ok(Templates.experiment(v, SpecFields.rows(v.spec()),
                        access.canWrite())).build()).orElse(notFound());
    }

    @GET
    @Path("console/experiments/{id}/label")
    public Response label(@PathParam("id") String id) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        return view(id).map(v -> Response.ok(Templates.label(v)).build()).orElse(notFound());
    }

    @GET
    @Path("console/sweeps/{id}")
    public Response sweep(@PathParam("id") String id) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        return sweeps.view(id).map(v -> {
            String prefix = StorageKeys.sweepReports(id);
            List<String> files = v.report().stream().map(k -> k.substring(prefix.length())).toList();
            return Response.ok(Templates.sweep(v, files, files.contains(io.alps.api.sweep.SweepReport.PLOT))).build();
        }).orElse(notFound());
    }

    private Optional<ExperimentView> view(String id) {
        return view(id, s -> null);
    }

    private Optional<ExperimentView> view(String id,
                                          java.util.function.Function<io.alps.api.spec.ExperimentSpec, java.util.Map<String, Object>> spec) {
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return board.view(id, null, spec);
    }

    private static Response notFound() {
        return Response.status(404).type(MediaType.TEXT_PLAIN).entity("No such experiment or sweep.").build();
    }
}
