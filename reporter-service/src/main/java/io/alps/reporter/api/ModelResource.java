package io.alps.reporter.api;

import io.alps.reporter.board.ExperimentList;
import io.alps.reporter.security.Roles;
import io.alps.service.data.UploadRefused;
import io.alps.service.model.ModelInfo;
import io.alps.service.model.ModelUploads;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The trained networks a spec may start from, named in {@code initFrom}: those uploaded. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.READ)
public class ModelResource {
    private final ModelUploads models;
    private final ExperimentList experiments;
    private final SubmitLimits limits;

    public ModelResource(ModelUploads models, ExperimentList experiments, SubmitLimits limits) {
        this.models = models;
        this.experiments = experiments;
        this.limits = limits;
    }

    @GET
    @Operation(summary = "The uploaded networks", description = "Name (a spec's initFrom), bytes, kind (zip: an ALPS "
            + "checkpoint, onnx: an ONNX model), when it was uploaded, content id (SHA-256)")
    public List<ModelInfo> list() {
        return models.list();
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Consumes({"application/octet-stream", "application/zip"})
    @Operation(summary = "Upload a trained network", description = "An ALPS checkpoint (final_model.zip) or an ONNX "
            + "model, read as it arrives, kept in object storage; specs then start from it with initFrom (the "
            + "backbone's weights are loaded over the seeded network, the output layer is new).")
    @APIResponse(responseCode = "201", description = "Kept; the body says what it is")
    @APIResponse(responseCode = "400", description = "No or a bad name, an empty body, or neither a zip nor an ONNX model")
    @APIResponse(responseCode = "409", description = "A model of that name exists")
    @APIResponse(responseCode = "413", description = "Larger than alps.limits.upload.model-bytes; nothing was kept")
    public Response upload(@QueryParam("name") String name, InputStream body) {
        if (!ModelUploads.isName(name)) {
            return ApiErrors.invalid(400, "name: " + ModelUploads.notAName(name));
        }
        try {
            return Response.status(201).entity(models.store(name, body, limits.upload().modelBytes())).build();
        } catch (UploadRefused e) {
            return ApiErrors.invalid(e.reason().status(), e.getMessage());
        }
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Delete an uploaded network", description = "Its file and record go; the services drop "
            + "their copies when they next read it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No model of that name")
    @APIResponse(responseCode = "409", description = "An experiment that has not finished starts from it (the body names it)")
    public Response delete(@PathParam("name") String name) {
        if (models.info(name).isEmpty()) {
            return ApiErrors.invalid(404, "no model named '" + name + "'");
        }
        Optional<String> user = experiments.unfinishedStartingFrom(name);
        if (user.isPresent()) {
            return ApiErrors.invalid(409, "model '" + name + "' is used by experiment " + user.get()
                    + ", which has not finished: cancel it or wait for it to end");
        }
        return models.delete(name) ? Response.noContent().build() : ApiErrors.invalid(404, "no model named '" + name + "'");
    }
}
