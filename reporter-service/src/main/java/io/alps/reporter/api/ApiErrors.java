package io.alps.reporter.api;

import io.alps.reporter.lifecycle.ExperimentLifecycle;
import io.alps.reporter.lifecycle.LabellingDesk;
import io.alps.reporter.samples.SampleOriginals;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The HTTP answer to each refusal of the experiments' API, in one place: the resources throw, this
 * maps. Every body is an {@link ExperimentResource.Invalid} naming the problem, never a stack trace.
 */
public class ApiErrors {
    /** No experiment has this id (or it is no experiment id at all). */
    public static final class NoSuchExperiment extends RuntimeException {
        public NoSuchExperiment(String id) {
            super("no experiment " + id, null, false, false);
        }
    }

    /** A request names a value the API cannot take. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String problem) {
            super(problem, null, false, false);
        }
    }

    /** The experiment ended before a cancel came. */
    public static final class AlreadyFinished extends RuntimeException {
        public AlreadyFinished(String id) {
            super("experiment " + id + " has already finished; there is nothing to cancel", null, false, false);
        }
    }

    @ServerExceptionMapper
    public Response noSuchExperiment(NoSuchExperiment e) {
        return Response.status(404).build();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequest e) {
        return invalid(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response alreadyFinished(AlreadyFinished e) {
        return invalid(409, e.getMessage());
    }

    @ServerExceptionMapper
    public Response cancelNotSent(ExperimentLifecycle.CancelNotSent e) {
        return invalid(503, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notPublished(ExperimentLifecycle.NotPublishedException e) {
        return invalid(503, "the message broker is not reachable: nothing was queued; try again later");
    }

    @ServerExceptionMapper
    public Response answersRefused(LabellingDesk.AnswersRefused e) {
        return Response.status(e.conflict() ? 409 : 400).type(MediaType.APPLICATION_JSON)
                .entity(new ExperimentResource.Invalid(e.errors())).build();
    }

    @ServerExceptionMapper
    public Response roundNotSent(LabellingDesk.RoundNotSent e) {
        return invalid(503, "the labels are kept, but the message broker did not take the next round; post again (an "
                + "empty {\"labels\": {}} will do) to send it");
    }

    @ServerExceptionMapper
    public Response noOriginal(SampleOriginals.Missing e) {
        return invalid(e.gone() ? 410 : 404, e.getMessage());
    }

    @ServerExceptionMapper
    public Response originalUnavailable(SampleOriginals.Unavailable e) {
        return invalid(e.lasting() ? 500 : 503, e.getMessage());
    }

    /** A user-supplied value as an error message quotes it: at most 40 characters. */
    static String echo(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /** The JSON error answer every resource gives: {@code {"errors": [problem]}} with {@code status}. */
    static Response invalid(int status, String problem) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ExperimentResource.Invalid(List.of(problem))).build();
    }
}
