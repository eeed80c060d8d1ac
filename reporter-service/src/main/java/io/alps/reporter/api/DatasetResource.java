package io.alps.reporter.api;

import io.alps.api.data.DatasetInfo;
import io.alps.reporter.security.Roles;
import io.alps.service.data.DataSets;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The data sets a spec may name in {@code data}. */
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
}
