package io.alps.reporter.console;

import io.alps.reporter.board.BoardConfig;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.board.ExperimentList;
import io.alps.reporter.board.ExperimentView;
import io.alps.reporter.board.Status;
import io.alps.reporter.security.ApiTokenIdentityProvider;
import io.alps.reporter.security.BearerTokenMechanism;
import io.alps.reporter.security.Roles;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The web console: server-rendered pages (Qute) over the same views the API serves; the charts and
 * the labelling grid read the API from the browser with the login cookie. Each page asks for a login
 * first; the token is checked here and kept in an HttpOnly cookie.
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
    private final SecurityIdentity identity;

    public ConsolePages(ExperimentBoard board, BoardConfig boardConfig,
                        ExperimentList list, Sweeps sweeps, ApiTokenIdentityProvider tokens,
                        SecurityIdentity identity) {
        this.list = list;
        this.board = board;
        this.boardConfig = boardConfig;
        this.sweeps = sweeps;
        this.tokens = tokens;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String error);

        static native TemplateInstance index(List<ExperimentRow> experiments, ListPage page, List<SweepView> sweeps,
                                             boolean canWrite);

        static native TemplateInstance experiment(ExperimentView experiment, boolean canWrite);

        static native TemplateInstance label(ExperimentView experiment);

        static native TemplateInstance sweep(SweepView sweep, List<String> files, boolean plotted);
    }

    @GET
    @Path("login")
    public TemplateInstance loginPage() {
        return Templates.login(null);
    }

    @POST
    @Path("login")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@FormParam("token") String token) {
        Set<String> roles = token == null ? Set.of() : tokens.roles(token.strip());
        if (roles.isEmpty()) {
            return Response.status(401).entity(Templates.login("That token is not one this service accepts.")).build();
        }
        NewCookie cookie = new NewCookie.Builder(BearerTokenMechanism.COOKIE).value(token.strip()).path("/")
                .httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(URI.create("/")).cookie(cookie).build();
    }

    @POST
    @Path("logout")
    public Response logout() {
        NewCookie gone = new NewCookie.Builder(BearerTokenMechanism.COOKIE).value("").path("/").maxAge(0)
                .httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(URI.create("/login")).cookie(gone).build();
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
                          @QueryParam("kind") String kind, @QueryParam("dataset") String dataset,
                          @Context UriInfo uri) {
        if (!canRead()) {
            return toLogin();
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
        return Response.ok(Templates.index(experiments, shown, all, identity.hasRole(Roles.WRITE))).build();
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
        if (!canRead()) {
            return toLogin();
        }
        return view(id).map(v -> Response.ok(Templates.experiment(v, identity.hasRole(Roles.WRITE))).build())
                .orElse(notFound());
    }

    @GET
    @Path("console/experiments/{id}/label")
    public Response label(@PathParam("id") String id) {
        if (!canRead()) {
            return toLogin();
        }
        return view(id).map(v -> Response.ok(Templates.label(v)).build()).orElse(notFound());
    }

    @GET
    @Path("console/sweeps/{id}")
    public Response sweep(@PathParam("id") String id) {
        if (!canRead()) {
            return toLogin();
        }
        return sweeps.view(id).map(v -> {
            String prefix = StorageKeys.sweepReports(id);
            List<String> files = v.report().stream().map(k -> k.substring(prefix.length())).toList();
            return Response.ok(Templates.sweep(v, files, files.contains(io.alps.api.sweep.SweepReport.PLOT))).build();
        }).orElse(notFound());
    }

    private Optional<ExperimentView> view(String id) {
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return board.view(id, null, s -> null);
    }

    private boolean canRead() {
        return !identity.isAnonymous() && identity.hasRole(Roles.READ);
    }

    private static Response toLogin() {
        return Response.seeOther(URI.create("/login")).build();
    }

    private static Response notFound() {
        return Response.status(404).type(MediaType.TEXT_PLAIN).entity("No such experiment or sweep.").build();
    }
}
