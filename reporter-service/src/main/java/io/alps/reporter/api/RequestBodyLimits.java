package io.alps.reporter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Keeps every request body but an upload (a data set or a model) small. The HTTP layer's own limit
 * ({@code quarkus.http.limits.max-body-size}) must let uploads through, so without this any JSON
 * endpoint would read gigabytes into memory. The declared length is checked as the request
 * arrives, before authentication and before a byte of the body is read; a body without a declared
 * length (chunked) is refused, so no body can grow past what was checked (the HTTP decoder never
 * hands on more than the declared length).
 */
@ApplicationScoped
public class RequestBodyLimits {
    /** Above the security filters: an oversized body is refused before anything else is done with it. */
    private static final int PRIORITY = 1000;
    /** The uploads, which check their own limits as they read. */
    private static final java.util.Set<String> UPLOADS = java.util.Set.of("/datasets", "/models");
    private static final String LABELS = "/labels";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SubmitLimits limits;

    public RequestBodyLimits(SubmitLimits limits) {
        this.limits = limits;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpMethod method = request.method();
        boolean mayHaveBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        String path = context.normalizedPath();
        if (!mayHaveBody || (method == HttpMethod.POST && UPLOADS.contains(path))) {
            context.next();
            return;
        }
        boolean labels = method == HttpMethod.POST && path.startsWith("/experiments/") && path.endsWith(LABELS);
        long limit = labels ? limits.body().labelsBytes() : limits.body().jsonBytes();
        String property = labels ? "alps.limits.body.labels-bytes" : "alps.limits.body.json-bytes";
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                refuse(context, 411, "body: send its length (Content-Length); a body of unknown length is "
                        + "refused here, the limit is " + String.format("%,d", limit) + " bytes (" + property + ")");
                return;
            }
            context.next();
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            refuse(context, 400, "Content-Length: not a number of bytes");
            return;
        }
        if (length > limit) {
            refuse(context, 413, String.format("body: %,d bytes exceed the limit of %,d bytes for %s (%s)", length,
                    limit, labels ? "answers to label queries" : "a JSON request", property));
            return;
        }
        context.next();
    }

    private static void refuse(RoutingContext context, int status, String error) {
        String body;
        try {
            body = JSON.writeValueAsString(new ExperimentResource.Invalid(List.of(error)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // The unread body is not drained: closing the connection is cheaper than reading what was refused.
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }
}
