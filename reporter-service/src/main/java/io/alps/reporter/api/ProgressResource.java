package io.alps.reporter.api;

import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.board.RoundProgress;
import io.alps.reporter.security.Roles;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.experiment.TrainProgress;
import io.alps.service.storage.StorageKeys;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A running experiment's progress inside its round, small enough to poll every few seconds. */
@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.READ)
public class ProgressResource {
    private final ExperimentBoard board;
    private final ExperimentStore store;
    private final KnownExperiments known;

    public ProgressResource(ExperimentBoard board, ExperimentStore store, KnownExperiments known) {
        this.board = board;
        this.store = store;
        this.known = known;
    }

    @GET
    @Path("{id}/progress")
    @Operation(summary = "Progress of the running round: epoch, images/s, estimated training time left",
            description = "The trainer stores each finished epoch; the estimates leave out selection, pruning, waiting "
                    + "for labels and early stops.")
    @APIResponse(responseCode = "404", description = "No such experiment")
    public RoundProgress progress(@PathParam("id") String id) {
        known.require(id);
        var view = board.view(id, null, spec -> Map.of("rounds", spec.rounds(), "epochs", spec.epochs(),
                        "budget", spec.budget()))
                .orElseThrow(() -> new ApiErrors.NoSuchExperiment(id));
        RoundProgress.Schedule schedule = view.spec() == null ? null : new RoundProgress.Schedule(
                (Integer) view.spec().get("rounds"), (Integer) view.spec().get("epochs"), (Integer) view.spec().get("budget"));
        TrainProgress latest = null;
        if (!view.status().ended() && view.currentRound() != null) {
            latest = store.findJson(StorageKeys.trainProgress(id, view.currentRound()), TrainProgress.class).orElse(null);
        }
        return RoundProgress.of(view, schedule, latest);
    }
}
