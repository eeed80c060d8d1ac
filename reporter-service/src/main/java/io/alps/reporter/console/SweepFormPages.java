package io.alps.reporter.console;

import io.alps.api.spec.ExperimentSpec;
import io.alps.reporter.api.SweepResource;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The console's new-sweep form: the experiment form with several values allowed in each sweep axis
 * (strategies, seeds, networks, the kind's own axes) and the controls to add; submitted through
 * {@code POST /sweeps} itself, a refusal shown next to its field with everything typed kept.
 */
@Path("/console/sweeps/new")
@Blocking
@PermitAll
public class SweepFormPages {
    private final ExperimentForm form;
    private final ConsoleAccess access;
    private final SweepResource sweeps;
    private final TrainingSpeed speed;
    private final FormSubmission submission;

    public SweepFormPages(ExperimentForm form, ConsoleAccess access, SweepResource sweeps, TrainingSpeed speed,
                          FormSubmission submission) {
        this.submission = submission;
        this.form = form;
        this.access = access;
        this.sweeps = sweeps;
        this.speed = speed;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@QueryParam(ExperimentForm.KIND) String kind) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        ExperimentSpec spec = ExperimentSpec.defaults(kind == null || kind.isBlank() ? ExperimentSpec.DEFAULT_KIND
                : kind.strip());
        return Response.ok(page(form.values(spec), Map.of(), List.of())).build();
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(MultivaluedMap<String, String> posted) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        Map<String, String> values = form.posted(posted, true);
        return submission.submit(values, this::page, () -> sweeps.submit(posted.getFirst(ExperimentFormPages.ATTEMPT),
                form.body(ExperimentSpec.defaults(ExperimentSpec.DEFAULT_KIND), values, true)), "sweep", "/console/sweeps/");
    }

    private TemplateInstance page(Map<String, String> values, Map<String, String> errors, List<String> general) {
        List<FormField> fields = form.fields(values, errors, true);
        boolean noDataSet = fields.stream().filter(f -> ExperimentForm.DATA.equals(f.name()))
                .allMatch(f -> f.choices().isEmpty());
        // The experiment form's template: the same fields, with several values per sweep axis.
        return ExperimentFormPages.Templates.form(new ExperimentFormPages.Page(fields, values.getOrDefault(ExperimentForm.KIND, ""), "",
                UUID.randomUUID().toString(), general, access.canWrite(), ConsoleAccess.READ_ONLY,
                RunCost.of(values, speed.imagesPerSecond()), noDataSet, true));
    }
}
