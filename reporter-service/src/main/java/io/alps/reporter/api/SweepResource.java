package io.alps.reporter.api;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.sweep.SweepJson;
import io.alps.api.sweep.SweepSpec;
import io.alps.reporter.sweep.SweepManifest;
import io.alps.reporter.sweep.SweepView;
import io.alps.reporter.sweep.Sweeps;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import io.alps.reporter.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Starts sweeps: every member is an ordinary experiment, published at once, so the trainer
 * instances run members in parallel (each takes the experiments of its partitions).
 */
@Path("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.READ)
public class SweepResource {
    private final Sweeps sweeps;
    private final ExperimentSubmitter submitter;
    private final ObjectStore objects;
    private final Idempotency idempotency;
    private final SubmitQueue queue;
    private final io.alps.reporter.lifecycle.ExperimentLifecycle lifecycle;
    private final SpecBounds bounds;

    public SweepResource(Sweeps sweeps, ExperimentSubmitter submitter, ObjectStore objects, Idempotency idempotency,
                         SubmitQueue queue, io.alps.reporter.lifecycle.ExperimentLifecycle lifecycle,
                         SpecBounds bounds) {
        this.bounds = bounds;
        this.lifecycle = lifecycle;
        this.idempotency = idempotency;
        this.queue = queue;
        this.sweeps = sweeps;
        this.submitter = submitter;
        this.objects = objects;
    }

    /** An accepted sweep: its id and the experiment started for each member. */
    public record Accepted(String id, List<SweepManifest.Member> experiments) {
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a sweep",
            description = "An experiment spec in which strategy, seed, k, pruneRatio and rewind may be lists, plus "
                    + "controls (random-sampling, random-reinit, random-mask, dense). One experiment per combination "
                    + "and seed; the aggregate report (mean and 95 % CI over seeds, comparisons with each control) "
                    + "is written as members complete.")
    @RequestBody(description = "e.g. {\"kind\":\"dense\","
            + "\"strategy\":[\"least-confidence\",\"entropy\"],\"seed\":[1,2,3],\"controls\":[\"random-sampling\"],"
            + "\"epochs\":8,\"trainLimit\":10000,\"testLimit\":5000}")
    @APIResponse(responseCode = "202",
            description = "Accepted; the body holds the sweep id and its member experiments")
    @APIResponse(responseCode = "400",
            description = "Invalid sweep; the body lists each bad field")
    public Response submit(@jakarta.ws.rs.HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        // Everything that refuses a sweep runs before the submit lock: its size first, from the JSON alone.
        List<String> outOfBounds = bounds.problems(body, SpecBounds.Shape.SWEEP);
        if (!outOfBounds.isEmpty()) {
            return invalid(outOfBounds);
        }
        SweepSpec sweep;
        try {
            sweep = SweepJson.parse(body);
        } catch (ExperimentSpec.SpecException e) {
            return invalid(e.errors());
        }
        List<SweepSpec.Member> members = sweep.expand();
        String tooBig = submitter.sweepProblem(members.size());
        if (tooBig != null) {
            return invalid(List.of(tooBig));
        }
        List<String> errors = sweep.memberProblems(submitter::problems);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        return idempotency.once(idempotencyKey, "/sweeps", () -> start(body, members));
    }

    private static Response invalid(List<String> errors) {
        return Response.status(400).entity(new ExperimentResource.Invalid(errors)).build();
    }

    private Response start(String body, List<SweepSpec.Member> members) {
        String id = ExperimentSubmitter.newId("sweep-");
        List<SweepManifest.Member> started = members.stream().map(m -> new SweepManifest.Member(
                ExperimentSubmitter.newId("exp-"), m.configuration().label(), m.seed(), m.spec().hash())).toList();
        String full = queue.reserve(started.stream().map(SweepManifest.Member::experimentId).toList());
        if (full != null) {
            return Response.status(429).entity(new ExperimentResource.Invalid(List.of(full))).build();
        }
        sweeps.register(new SweepManifest(id, body, System.currentTimeMillis(), started));
        List<String> ids = started.stream().map(SweepManifest.Member::experimentId).toList();
        for (int i = 0; i < members.size(); i++) {
            try {
                submitter.submit(ids.get(i), members.get(i).spec());
            } catch (io.alps.reporter.lifecycle.ExperimentLifecycle.NotPublishedException e) {
                // The members already started are cancelled (every step drops them); the sweep is gone.
                for (String member : ids.subList(0, i)) {
                    try {
                        lifecycle.cancel(member);
                    } catch (IllegalStateException brokerAway) {
                        // Marked and recorded; only the notice did not go out.
                    }
                }
                sweeps.unregister(id);
                queue.release(ids);
                return Response.status(503).entity(new ExperimentResource.Invalid(List.of("the message broker is not "
                        + "reachable: the sweep was not started (" + i + " of its " + ids.size() + " members had been "
                        + "sent and are cancelled); try again later"))).build();
            }
        }
        return Response.accepted(new Accepted(id, started)).build();
    }

    @GET
    @Operation(summary = "Every sweep, oldest first")
    public List<SweepView> list() {
        return sweeps.ids().stream().map(sweeps::view).flatMap(Optional::stream).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One sweep: status, members, comparisons so far, report files")
    public Response get(@PathParam("id") String id) {
        return sweeps.view(id).map(v -> Response.ok(v).build()).orElse(Response.status(404).build());
    }

    /** The answer to a sweep's cancel: the members it stopped and those that had finished before. */
    public record Cancelled(String id, List<String> cancelled, List<String> alreadyFinished) {
    }

    @jakarta.ws.rs.DELETE
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Cancel a sweep's unfinished members", description = "Finished members and their results stay.")
    @APIResponse(responseCode = "202", description = "The members it cancelled and those that had finished")
    @APIResponse(responseCode = "404", description = "No such sweep")
    public Response cancel(@PathParam("id") String id) {
        List<String> members = sweeps.members(id);
        if (members.isEmpty()) {
            return Response.status(404).build();
        }
        List<String> cancelled = new java.util.ArrayList<>();
        List<String> finished = new java.util.ArrayList<>();
        for (String member : members) {
            io.alps.reporter.lifecycle.ExperimentLifecycle.CancelOutcome outcome;
            try {
                outcome = lifecycle.cancel(member);
            } catch (IllegalStateException brokerAway) {
                return ExperimentResource.cancelNotSent(member);
            }
            switch (outcome) {
                case CANCELLED -> cancelled.add(member);
                case FINISHED -> finished.add(member);
                case UNKNOWN -> {
                    // A member whose start never reached the lifecycle: nothing runs to cancel.
                }
            }
        }
        return Response.accepted(new Cancelled(id, cancelled, finished)).build();
    }

    /** One report file, with the link that downloads it. */
    public record ReportFile(String path, String url) {
    }

    @GET
    @Path("{id}/report")
    @Operation(summary = "The aggregate report's files, with download links")
    public Response report(@PathParam("id") String id, @Context UriInfo uri) {
        if (!sweeps.ids().contains(id)) {
            return Response.status(404).build();
        }
        String prefix = StorageKeys.sweepReports(id);
        return Response.ok(objects.list(prefix).stream().sorted().map(key -> key.substring(prefix.length()))
                .map(path -> new ReportFile(path, uri.getBaseUriBuilder().path("sweeps").path(id).path("report")
                        .path(path).build().toString())).toList()).build();
    }

    @GET
    @Path("{id}/report/{path: .+}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download one report file (CSV, text, JSON, PNG)")
    public Response reportFile(@PathParam("id") String id, @PathParam("path") String path) {
        if (!sweeps.ids().contains(id) || path.contains("..")) {
            return Response.status(404).build();
        }
        return objects.find(StorageKeys.sweepReport(id, path)).map(bytes -> Downloads.file(path, bytes))
                .orElse(Response.status(404).build());
    }
}
