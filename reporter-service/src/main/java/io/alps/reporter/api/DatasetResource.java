package io.alps.reporter.api;

import io.alps.api.data.DatasetInfo;
import io.alps.reporter.board.ExperimentList;
import io.alps.reporter.security.Roles;
import io.alps.service.data.DataSets;
import io.alps.service.data.DatasetUploads;
import io.alps.service.data.UploadRefused;
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

/** The data sets a spec may name in {@code data}: those registered on the server and those uploaded. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.READ)
public class DatasetResource {
    private final DataSets dataSets;
    private final ExperimentList experiments;

    public DatasetResource(DataSets dataSets, ExperimentList experiments) {
        this.dataSets = dataSets;
        this.experiments = experiments;
    }

    @GET
    @Operation(summary = "The registered data sets", description = "Name (a spec's data), kind (a spec's dataset), "
            + "network input shape, classes, training and test images")
    public List<DatasetInfo> list() {
        return dataSets.describe();
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Consumes({"application/zip", "application/x-tar", "application/gzip", "application/octet-stream"})
    @Operation(summary = "Upload a data set", description = "A zip, tar or tar.gz of a data set folder (train/<class>/*, "
            + "test/<class>/*, optional unlabeled/*; or the CIFAR-10 or Fashion-MNIST files), read as it arrives, "
            + "kept in object storage; specs then name it in data.")
    @APIResponse(responseCode = "201", description = "Kept; the body says what it holds")
    @APIResponse(responseCode = "400", description = "No name, not an archive, an entry that may not be unpacked, "
            + "or no usable data set in it; the body names the entry or file")
    @APIResponse(responseCode = "409", description = "A data set of that name exists, or another upload of it is under way")
    @APIResponse(responseCode = "413", description = "Past a limit (upload or unpacked bytes, archive entries, "
            + "pixels of an image); the body names the entry or file and the limit; nothing was kept")
    public Response upload(@QueryParam("name") String name, InputStream body) {
        if (!DataSets.isName(name)) {
            return ApiErrors.invalid(400, "name: " + DataSets.notAName(name));
        }
        if (dataSets.find(name).isPresent()) {
            return ApiErrors.invalid(409, "name: a data set named '" + name + "' exists already");
        }
        try {
            return Response.status(201).entity(uploads().store(name, body)).build();
        } catch (UploadRefused e) {
            return ApiErrors.invalid(e.reason().status(), e.getMessage());
        }
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Delete an uploaded data set", description = "Its archive and description go; the services "
            + "drop their unpacked copies when they next read it or start.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No uploaded data set of that name")
    @APIResponse(responseCode = "409", description = "An experiment that has not finished uses it (the body names it), "
            + "an upload of the same name is under way, or it is registered on the server rather than uploaded")
    public Response delete(@PathParam("name") String name) {
        if (!DataSets.isName(name) || dataSets.find(name).isEmpty()) {
            return ApiErrors.invalid(404, "no data set named '" + name + "'");
        }
        if (dataSets.names().contains(name)) {
            return ApiErrors.invalid(409, "data set '" + name + "' is registered on the server (alps.data.root, alps.data.sets), "
                    + "not uploaded: it is removed there");
        }
        Optional<String> user = experiments.unfinishedUsing(name);
        if (user.isPresent()) {
            return ApiErrors.invalid(409, "data set '" + name + "' is used by experiment " + user.get()
                    + ", which has not finished: cancel it or wait for it to end");
        }
        try {
            return uploads().delete(name) ? Response.noContent().build() : ApiErrors.invalid(404, "no data set named '" + name + "'");
        } catch (UploadRefused e) {
            return ApiErrors.invalid(e.reason().status(), e.getMessage());
        }
    }

    private DatasetUploads uploads() {
        return dataSets.uploads().orElseThrow();
    }
}
