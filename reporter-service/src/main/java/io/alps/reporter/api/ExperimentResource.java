package io.alps.reporter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.api.spec.ExperimentSpec;
import io.alps.reporter.board.BoardConfig;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.board.ExperimentList;
import io.alps.reporter.board.ExperimentView;
import io.alps.reporter.board.Status;
import io.alps.reporter.lifecycle.ExperimentLifecycle;
import io.alps.reporter.security.Roles;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Submits experiments, lists them page by page, shows one, and cancels one. */
@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.READ)
public class ExperimentResource {
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final ExperimentBoard board;
    private final ExperimentStore store;
    private final ExperimentSubmitter submitter;
    private final Idempotency idempotency;
    private final SubmitQueue queue;
    private final ExperimentLifecycle lifecycle;
    private final SpecBounds bounds;
    private final KnownExperiments known;
    private final ExperimentList experiments;
    private final BoardConfig boardConfig;
    private final ObjectMapper mapper;

    public ExperimentResource(ExperimentBoard board, ExperimentStore store, ExperimentSubmitter submitter,
                              Idempotency idempotency, SubmitQueue queue, ExperimentLifecycle lifecycle,
                              KnownExperiments known, ExperimentList experiments, BoardConfig boardConfig,
                              ObjectMapper mapper, SpecBounds bounds) {
        this.bounds = bounds;
        this.experiments = experiments;
        this.board = board;
        this.store = store;
        this.submitter = submitter;
        this.idempotency = idempotency;
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.known = known;
        this.boardConfig = boardConfig;
        this.mapper = mapper;
    }

    /** The id of an accepted experiment. */
    public record Accepted(String id) {
    }

    /** Why a request was refused: one entry per problem (for a spec, one per bad field, as "field: problem"). */
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
    public Response submit(@HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
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
        } catch (RuntimeException e) {
            // Its place in the queue is given back; the mapper answers (503 when the broker did not take it).
            queue.release(List.of(id));
            throw e;
        }
        return Response.accepted(new Accepted(id)).build();
    }

    @GET
    @Operation(summary = "The experiments this reporter knows, newest first, one page at a time",
            description = "The answer's Link header (rel=\"next\") is the next page's address; the last page has none.")
    @APIResponse(responseCode = "200", description = "One page of experiments")
    @APIResponse(responseCode = "400", description = "A limit out of range, an unknown status or an 'after' naming no experiment")
    public Response list(@Parameter(description = "Experiments per page (default alps.board.page-size, at most "
                                 + "alps.board.max-page-size)") @QueryParam("limit") String limit,
                         @Parameter(description = "The last experiment id of the page before") @QueryParam("after") String after,
                         @Parameter(description = "Only experiments in this status") @QueryParam("status") String status,
                         @Parameter(description = "Only experiments of this kind") @QueryParam("kind") String kind,
                         @Parameter(description = "Only experiments on this data set") @QueryParam("dataset") String dataset,
                         @Context UriInfo uri) {
        int size = pageSize(limit);
        if (after != null && !known.exists(after)) {
            throw new ApiErrors.BadRequest("after: '" + ApiErrors.echo(after) + "' names no experiment");
        }
        ExperimentList.Filter filter = new ExperimentList.Filter(status(status), blankToNull(kind), blankToNull(dataset));
        ExperimentList.Page page = experiments.page(after, size, filter, this::specMap);
        Response.ResponseBuilder answer = Response.ok(page.experiments());
        if (page.nextAfter() != null) {
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("limit", size)
                    .replaceQueryParam("after", page.nextAfter()).build(), "next");
        }
        return answer.build();
    }

    private int pageSize(String limit) {
        if (limit == null || limit.isBlank()) {
            return boardConfig.pageSize();
        }
        int size;
        try {
            size = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > boardConfig.maxPageSize()) {
            throw new ApiErrors.BadRequest("limit: " + ApiErrors.echo(limit) + " is not a page size; it is 1 to "
                    + boardConfig.maxPageSize());
        }
        return size;
    }

    private static Status status(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Status.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.BadRequest("status: '" + ApiErrors.echo(name) + "' is not a status; it is one of " + Arrays.toString(Status.values()));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One experiment: status, current round, per-round metrics, artifact keys, failure reason")
    @APIResponse(responseCode = "404", description = "No such experiment")
    public ExperimentView get(@PathParam("id") String id) {
        known.require(id);
        return board.view(id, store.objects().list(StorageKeys.experiment(id)), this::specMap)
                .orElseThrow(() -> new ApiErrors.NoSuchExperiment(id));
    }

    /** The answer to a cancel. */
    public record Cancelled(String id, String status) {
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Cancel an experiment", description = "It stops where it is: the trainer at its next epoch. "
            + "Rounds already finished stay readable; the status becomes CANCELLED.")
    @APIResponse(responseCode = "202", description = "Cancelled (also when it had been cancelled before)")
    @APIResponse(responseCode = "404", description = "No such experiment")
    @APIResponse(responseCode = "409", description = "It had completed or failed already")
    @APIResponse(responseCode = "503", description = "Marked cancelled, but the broker did not take the notice; ask again")
    public Response cancel(@PathParam("id") String id) {
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException notAnId) {
            throw new ApiErrors.NoSuchExperiment(id);
        }
        return switch (lifecycle.cancel(id)) {
            case CANCELLED -> Response.accepted(new Cancelled(id, "CANCELLED")).build();
            case FINISHED -> throw new ApiErrors.AlreadyFinished(id);
            case UNKNOWN -> throw new ApiErrors.NoSuchExperiment(id);
        };
    }

    /** The answer when a cancel is recorded but the broker did not take its notice (asking again completes it). */
    static Response cancelNotSent(String id) {
        return Response.status(503).entity(new Invalid(List.of(new ExperimentLifecycle.CancelNotSent(id, null).getMessage())))
                .build();
    }

    private Map<String, Object> specMap(ExperimentSpec spec) {
        try {
            return mapper.readValue(spec.toJson(), JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored spec is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
