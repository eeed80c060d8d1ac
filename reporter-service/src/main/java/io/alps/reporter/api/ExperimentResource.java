package io.alps.reporter.api;

import io.alps.api.spec.ExperimentSpec;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.lifecycle.ExperimentLifecycle;
import io.alps.reporter.board.ExperimentView;
import io.alps.service.experiment.ExperimentStore;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Submits experiments and shows their progress. */
@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.READ)
public class ExperimentResource {
    private final ExperimentBoard board;
    private final ExperimentStore store;
    private final ExperimentSubmitter submitter;
    private final Idempotency idempotency;
    private final SubmitQueue queue;
    private final ExperimentLifecycle lifecycle;
    private final SpecBounds bounds;

    public ExperimentResource(ExperimentBoard board, ExperimentStore store, ExperimentSubmitter submitter,
                              Idempotency idempotency, SubmitQueue queue, ExperimentLifecycle lifecycle,
                              SpecBounds bounds) {
        this.bounds = bounds;
        this.lifecycle = lifecycle;
        this.idempotency = idempotency;
        this.queue = queue;
        this.board = board;
        this.store = store;
        this.submitter = submitter;
    }

    /** The id of an accepted experiment. */
    public record Accepted(String id) {
    }

    /** Why a spec was refused: one entry per bad field, as "field: problem". */
    public record Invalid(List<String> errors) {
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start an experiment", description = "A JSON spec: the CLI's option names in camelCase plus "
            + "kind (dense, edge-popup or lth); omitted fields take the reference defaults.")
    @RequestBody(description = "e.g. {\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"initial\":200,\"budget\":100,"
            + "\"rounds\":2,\"epochs\":1,\"trainLimit\":2000,\"testLimit\":500}")
    @APIResponse(responseCode = "202", description = "Accepted; the body holds the experiment id")
    @APIResponse(responseCode = "400", description = "Invalid spec; the body lists each bad field")
    @APIResponse(responseCode = "429", description = "This token's queue is full; nothing was queued")
    @APIResponse(responseCode = "503", description = "The message broker did not take it; nothing was queued")
    public Response submit(@jakarta.ws.rs.HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        List<String> outOfBounds = bounds.problems(body, SpecBounds.Shape.EXPERIMENT);
        if (!outOfBounds.isEmpty()) {
            return Response.status(400).entity(new Invalid(outOfBounds)).build();
        }
        return idempotency.once(idempotencyKey, "/experiments", () -> accept(body));
    }

    private Response accept(String body) {
        ExperimentSpec spec;
        try {
            spec = ExperimentSpec.fromJson(body == null || body.isBlank() ? "{}" : body);
        } catch (ExperimentSpec.SpecException e) {
            return Response.status(400).entity(new Invalid(e.errors())).build();
        }
        List<String> errors = submitter.problems(spec);
        if (!errors.isEmpty()) {
            return Response.status(400).entity(new Invalid(errors)).build();
        }
        String id = ExperimentSubmitter.newId("exp-");
        String full = queue.reserve(List.of(id));
        if (full != null) {
            return Response.status(429).entity(new Invalid(List.of(full))).build();
        }
        try {
            submitter.submit(id, spec);
        } catch (ExperimentLifecycle.NotPublishedException e) {
            queue.release(List.of(id));
            return Response.status(503).entity(new Invalid(List.of("the message broker is not reachable: nothing was "
                    + "queued; try again later"))).build();
        } catch (RuntimeException e) {
            queue.release(List.of(id));
            throw e;
        }
        return Response.accepted(new Accepted(id)).build();
    }

    @GET
    @Operation(summary = "Every experiment this reporter knows, newest last")
    public List<ExperimentView> list() {
        return board.ids().stream().map(id -> board.view(id, null, ExperimentResource::specMap))
                .flatMap(java.util.Optional::stream).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One experiment: status, current round, per-round metrics, artifact keys, failure reason")
    @APIResponse(responseCode = "404", description = "No such experiment")
    public Response get(@PathParam("id") String id) {
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException e) {
            return Response.status(404).build();
        }
        return board.view(id, store.objects().list(StorageKeys.experiment(id)), ExperimentResource::specMap)
                .map(v -> Response.ok(v).build()).orElse(Response.status(404).build());
    }

    /** The answer to a cancel. */
    public record Cancelled(String id, String status) {
    }

    @jakarta.ws.rs.DELETE
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Cancel an experiment", description = "It stops where it is: the trainer at its next epoch. "
            + "Rounds already finished stay readable; the status becomes CANCELLED.")
    @APIResponse(responseCode = "202", description = "Cancelled (also when it had been cancelled before)")
    @APIResponse(responseCode = "404", description = "No such experiment")
    @APIResponse(responseCode = "409", description = "It had completed or failed already")
    public Response cancel(@PathParam("id") String id) {
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException e) {
            return Response.status(404).build();
        }
        ExperimentLifecycle.CancelOutcome outcome;
        try {
            outcome = lifecycle.cancel(id);
        } catch (IllegalStateException e) {
            return cancelNotSent(id);
        }
        return switch (outcome) {
            case CANCELLED -> Response.accepted(new Cancelled(id, "CANCELLED")).build();
            case FINISHED -> Response.status(409).entity(new Invalid(List.of("experiment " + id
                    + " has already finished; there is nothing to cancel"))).build();
            case UNKNOWN -> Response.status(404).build();
        };
    }

    /** The answer when a cancel is recorded but the broker did not take its notice (asking again completes it). */
    static Response cancelNotSent(String id) {
        return Response.status(503).entity(new Invalid(List.of("experiment " + id + " is marked cancelled and its "
                + "steps stop, but the message broker did not take the notice; ask again to complete it"))).build();
    }

    /** One file an experiment produced, with the link that downloads it from this service. */
    public record Artifact(String path, String key, String url) {
    }

    @GET
    @Path("{id}/artifacts")
    @Operation(summary = "The files an experiment produced so far (the CLI's output files), with download links")
    @APIResponse(responseCode = "404", description = "No such experiment")
    public Response artifacts(@PathParam("id") String id, @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        if (!known(id)) {
            return Response.status(404).build();
        }
        String prefix = StorageKeys.artifacts(id);
        List<Artifact> files = store.objects().list(prefix).stream().sorted().map(key -> {
            String path = key.substring(prefix.length());
            String url = uri.getBaseUriBuilder().path("experiments").path(id).path("artifacts").path(path).build().toString();
            return new Artifact(path, key, url);
        }).toList();
        return Response.ok(files).build();
    }

    @GET
    @Path("{id}/artifacts/{path: .+}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download one artifact (CSV, JSON, PNG, .npy, model files)")
    @APIResponse(responseCode = "404", description = "No such experiment or file")
    public Response artifact(@PathParam("id") String id, @PathParam("path") String path) {
        if (!known(id)) {
            return Response.status(404).build();
        }
        String key;
        try {
            key = StorageKeys.artifact(id, path);
        } catch (IllegalArgumentException e) {
            return Response.status(404).build();
        }
        return store.objects().find(key)
                .map(bytes -> Downloads.file(path, bytes)).orElse(Response.status(404).build());
    }

    @GET
    @Path("{id}/labels.csv")
    @Produces("text/csv")
    @Operation(summary = "Every label the experiment has used: id,label,file,round (the format --oracle file reads)")
    @APIResponse(responseCode = "404", description = "No such experiment, or no round trained yet")
    public Response labels(@PathParam("id") String id) {
        return artifact(id, io.alps.api.report.LabelFiles.LABELS);
    }

    /** One sample people are asked to label, with the link to its image. */
    public record Query(int sampleId, String image) {
    }

    /** The open label queries of an experiment labelled by people ({@code round} null: none is waiting). */
    public record OpenQueries(String experimentId, Integer round, int asked, int answered, List<Query> queries,
                              List<String> classes) {
        static OpenQueries of(ExperimentLifecycle.Queries q) {
            List<Query> open = q.open().stream().map(s -> new Query(s, "/experiments/" + q.experimentId() + "/samples/"
                    + s + ".png")).toList();
            return new OpenQueries(q.experimentId(), q.round(), q.asked(), q.asked() - open.size(), open, q.classes());
        }
    }

    /** People's answers: sample id -> class name. */
    public record Answers(Map<String, String> labels) {
    }

    @GET
    @Path("{id}/queries")
    @Operation(summary = "The samples people are asked to label now (oracle human), with their image links and the classes")
    @APIResponse(responseCode = "404", description = "No such experiment")
    @APIResponse(responseCode = "409", description = "The experiment is not labelled by people")
    public Response queries(@PathParam("id") String id) {
        if (!known(id)) {
            return Response.status(404).build();
        }
        try {
            return lifecycle.queries(id).map(q -> Response.ok(OpenQueries.of(q)).build()).orElse(Response.status(404).build());
        } catch (ExperimentLifecycle.AnswersRefused e) {
            return Response.status(409).entity(new Invalid(e.errors())).build();
        }
    }

    @POST
    @Path("{id}/labels")
    @RolesAllowed(Roles.WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer label queries", description = "Partial answers are kept; once a round's queries are "
            + "all answered the experiment goes on. The same answer twice changes nothing.")
    @RequestBody(description = "e.g. {\"labels\": {\"17\": \"cat\", \"512\": \"ship\"}}")
    @APIResponse(responseCode = "200", description = "Kept; the body holds the queries still open")
    @APIResponse(responseCode = "400", description = "An unknown sample or class, or a label that cannot change; nothing was kept")
    @APIResponse(responseCode = "404", description = "No such experiment")
    @APIResponse(responseCode = "409", description = "The experiment takes no labels (not labelled by people, or finished)")
    @APIResponse(responseCode = "503", description = "Kept, but the message broker did not take the next round; post again")
    public Response answer(@PathParam("id") String id, Answers answers) {
        if (!known(id)) {
            return Response.status(404).build();
        }
        if (answers == null || answers.labels() == null) {
            return Response.status(400).entity(new Invalid(List.of("labels: expected {\"labels\": {\"<sample id>\": "
                    + "\"<class name>\", ...}}"))).build();
        }
        try {
            return lifecycle.answer(id, answers.labels()).map(q -> Response.ok(OpenQueries.of(q)).build())
                    .orElse(Response.status(404).build());
        } catch (ExperimentLifecycle.AnswersRefused e) {
            return Response.status(e.conflict() ? 409 : 400).entity(new Invalid(e.errors())).build();
        } catch (IllegalStateException e) {
            return Response.status(503).entity(new Invalid(List.of("the labels are kept, but the message broker did not "
                    + "take the next round; post again (an empty {\"labels\": {}} will do) to send it"))).build();
        }
    }

    @GET
    @Path("{id}/samples/{sampleId: \\d{1,9}}.png")
    @Produces("image/png")
    @Operation(summary = "A queried sample's image, as the network sees it")
    @APIResponse(responseCode = "404", description = "No such experiment, or the sample was never asked about")
    public Response sample(@PathParam("id") String id, @PathParam("sampleId") int sampleId) {
        if (!known(id)) {
            return Response.status(404).build();
        }
        return store.objects().find(StorageKeys.sampleImage(id, sampleId))
                .map(bytes -> Response.ok(bytes, "image/png").build()).orElse(Response.status(404).build());
    }

    private boolean known(String id) {
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return board.knows(id);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> specMap(ExperimentSpec spec) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(spec.toJson(), Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
