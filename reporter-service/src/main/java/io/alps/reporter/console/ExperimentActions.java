package io.alps.reporter.console;

import io.alps.reporter.lifecycle.ExperimentLifecycle;
import io.alps.service.storage.StorageKeys;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/**
 * What a person changes from an experiment's page: cancelling it, through the lifecycle's cancel
 * as {@code DELETE /experiments/{id}} does, with the same rights (a token that may write).
 */
@Path("/console/experiments/{id}/cancel")
@Produces(MediaType.TEXT_HTML)
@Blocking
@PermitAll
public class ExperimentActions {
    private final ExperimentLifecycle lifecycle;
    private final ConsoleAccess access;

    public ExperimentActions(ExperimentLifecycle lifecycle, ConsoleAccess access) {
        this.lifecycle = lifecycle;
        this.access = access;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance refused(String id, String heading, String reason);
    }

    @POST
    public Response cancel(@PathParam("id") String id) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException notAnId) {
            return Response.status(404).type(MediaType.TEXT_PLAIN).entity("No such experiment.").build();
        }
        Optional<String> crossSite = access.crossSite();
        if (crossSite.isPresent()) {
            return refused(403, id, "Not cancelled: " + crossSite.get()
                    + ". Use the Cancel button on the experiment's page.");
        }
        if (!access.canWrite()) {
            return refused(403, id, "Not cancelled: you are logged in with a read-only token. Cancelling needs a token "
                    + "that may write (ALPS_API_TOKENS).");
        }
        try {
            return switch (lifecycle.cancel(id)) {
                case CANCELLED -> Response.seeOther(URI.create("/console/experiments/" + id)).build();
                case FINISHED -> refused(409, id, "Not cancelled: it had already completed or failed.");
                case UNKNOWN -> Response.status(404).type(MediaType.TEXT_PLAIN).entity("No such experiment.").build();
            };
        } catch (ExperimentLifecycle.CancelNotSent e) {
            return refused(503, id, e.getMessage());
        }
    }

    private static Response refused(int status, String id, String reason) {
        return Response.status(status).entity(Templates.refused(id, "Not cancelled", reason)).build();
    }
}
