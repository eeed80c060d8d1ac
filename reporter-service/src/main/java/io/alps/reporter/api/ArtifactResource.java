package io.alps.reporter.api;

import io.alps.api.report.LabelFiles;
import io.alps.reporter.security.Roles;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The files an experiment produced, listed and downloaded (streamed from object storage as they are read). */
@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.READ)
public class ArtifactResource {
    private final ExperimentStore store;
    private final KnownExperiments known;

    public ArtifactResource(ExperimentStore store, KnownExperiments known) {
        this.store = store;
        this.known = known;
    }

    /** One file an experiment produced, with the link that downloads it from this service. */
    public record Artifact(String path, String key, String url) {
    }

    @GET
    @Path("{id}/artifacts")
    @Operation(summary = "The files an experiment produced so far (the CLI's output files), with download links")
    @APIResponse(responseCode = "404", description = "No such experiment")
    public List<Artifact> artifacts(@PathParam("id") String id, @Context UriInfo uri) {
        known.require(id);
        String prefix = StorageKeys.artifacts(id);
        return store.objects().list(prefix).stream().sorted().map(key -> {
            String path = key.substring(prefix.length());
            String url = uri.getBaseUriBuilder().path("experiments").path(id).path("artifacts").path(path).build().toString();
            return new Artifact(path, key, url);
        }).toList();
    }

    @GET
    @Path("{id}/artifacts/{path: .+}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download one artifact (CSV, JSON, PNG, .npy, model files)")
    @APIResponse(responseCode = "404", description = "No such experiment or file")
    public Response artifact(@PathParam("id") String id, @PathParam("path") String path) {
        known.require(id);
        String key;
        try {
            key = StorageKeys.artifact(id, path);
        } catch (IllegalArgumentException notAPath) {
            throw new NotFoundException();
        }
        return store.objects().open(key).map(in -> Downloads.file(path, in)).orElseThrow(NotFoundException::new);
    }

    @GET
    @Path("{id}/labels.csv")
    @Produces("text/csv")
    @Operation(summary = "Every label the experiment has used: id,label,file,round (the format --oracle file reads)")
    @APIResponse(responseCode = "404", description = "No such experiment, or no round trained yet")
    public Response labels(@PathParam("id") String id) {
        return artifact(id, LabelFiles.LABELS);
    }
}
