package io.alps.reporter.api;

import io.alps.api.data.DatasetInfo;
import io.alps.reporter.security.Roles;
import io.alps.service.data.DataSets;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import io.alps.service.data.DatasetUploads;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The data sets a spec may name in {@code data}: those registered on the server and those uploaded. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.READ)
public class DatasetResource {
    private final DataSets dataSets;

    public DatasetResource(DataSets dataSets) {
        this.dataSets = dataSets;
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
    @APIResponse(responseCode = "400", description = "No name, not an archive, or no data set in it; the body says why")
    @APIResponse(responseCode = "409", description = "A data set of that name exists")
    @APIResponse(responseCode = "413", description = "Larger than the upload limit; nothing was kept")
    public Response upload(@QueryParam("name") String name, InputStream body) {
        if (!DataSets.isName(name)) {
            return Response.status(400).entity(new ExperimentResource.Invalid(List.of("name: " + DataSets.notAName(name))))
                    .build();
        }
        if (dataSets.find(name).isPresent()) {
            return Response.status(409).entity(new ExperimentResource.Invalid(List.of("name: a data set named '" + name
                    + "' exists already"))).build();
        }
        DatasetUploads uploads = dataSets.uploads().orElseThrow();
        try {
            return Response.status(201).entity(uploads.store(name, body)).build();
        } catch (DatasetUploads.UploadRefused e) {
            return Response.status(e.tooLarge() ? 413 : 400).entity(new ExperimentResource.Invalid(List.of(e.getMessage())))
                    .build();
        }
    }
}
