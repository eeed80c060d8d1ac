package io.alps.reporter.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.reporter.api.ExperimentResource;
import io.alps.reporter.api.SweepResource;
import io.alps.reporter.lifecycle.ExperimentLifecycle;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the experiment and the sweep forms do with a submit: refuse it from another site's page or
 * with a read-only token, send it through the API, which decides, then go to what was started or
 * show the form again as typed with each refusal next to its field.
 */
@RequestScoped
public class FormSubmission {
    private final ConsoleAccess access;
    private final ExperimentForm form;
    private final ObjectMapper json = new ObjectMapper();

    public FormSubmission(ConsoleAccess access, ExperimentForm form) {
        this.access = access;
        this.form = form;
    }

    /** The form as typed, with problems by field and problems that name no field. */
    @FunctionalInterface
    interface FormPage {
        TemplateInstance render(Map<String, String> values, Map<String, String> errors, List<String> general);
    }

    /** Sends the submit through the API and returns its answer. */
    @FunctionalInterface
    interface ApiCall {
        Response send();
    }

    /**
     * {@code what}: "experiment" or "sweep", as the refusal names it; {@code startedPage}: the
     * console's path for the started one, its id appended.
     */
    Response submit(Map<String, String> values, FormPage page, ApiCall call, String what, String startedPage) {
        Optional<String> crossSite = access.crossSite();
        if (crossSite.isPresent()) {
            return Response.status(403).entity(page.render(values, Map.of(), List.of("Not submitted: " + crossSite.get()
                    + ". Submit the form on this page."))).build();
        }
        if (!access.canWrite()) {
            return Response.status(403).entity(page.render(values, Map.of(), List.of(ConsoleAccess.READ_ONLY))).build();
        }
        Response answer;
        try {
            answer = call.send();
        } catch (ExperimentLifecycle.NotPublishedException e) {
            return Response.status(503).entity(page.render(values, Map.of(), List.of("The message broker is not reachable: "
                    + "nothing was queued. Submit again later."))).build();
        }
        if (answer.getStatus() == 202) {
            return Response.seeOther(URI.create(startedPage + acceptedId(answer.getEntity()))).build();
        }
        List<String> problems = answer.getEntity() instanceof ExperimentResource.Invalid invalid ? invalid.errors()
                : List.of("The service refused the " + what + " (HTTP " + answer.getStatus() + ").");
        ExperimentForm.Refusals refusals = form.refusals(problems);
        return Response.status(answer.getStatus()).entity(page.render(values, refusals.byField(), refusals.general()))
                .build();
    }

    /** The id of what was accepted: the answer's record, or its stored JSON when an earlier submit is repeated. */
    private String acceptedId(Object entity) {
        if (entity instanceof ExperimentResource.Accepted accepted) {
            return accepted.id();
        }
        if (entity instanceof SweepResource.Accepted accepted) {
            return accepted.id();
        }
        try {
            return json.readTree(entity.toString()).path("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException("an accepted submit's stored answer is not JSON", e);
        }
    }
}
