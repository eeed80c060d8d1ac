package io.alps.reporter.console;

import io.alps.api.spec.ExperimentSpec;
import io.alps.reporter.api.ExperimentResource;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.quarkus.qute.CheckedTemplate;
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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The console's new-experiment form: filled with the spec's defaults (or, with {@code ?from=<id>},
 * with an earlier experiment's spec, to run it again), each field's help the command line's. A
 * filled-in form is submitted through {@code POST /experiments} itself, so the API's checks decide;
 * a refusal shows the form again as it was typed, each problem next to its field.
 */
@Path("/console/experiments/new")
@Blocking
@PermitAll
public class ExperimentFormPages {
    /** The form's hidden fields: the experiment it was filled from, and the key that makes a double submit start one. */
    static final String FROM = "from";
    static final String ATTEMPT = "attempt";

    private final ExperimentForm form;
    private final ConsoleAccess access;
    private final ExperimentResource experiments;
    private final ExperimentStore store;
    private final TrainingSpeed speed;
    private final FormSubmission submission;

    public ExperimentFormPages(ExperimentForm form, ConsoleAccess access, ExperimentResource experiments,
                               ExperimentStore store, TrainingSpeed speed, FormSubmission submission) {
        this.submission = submission;
        this.form = form;
        this.access = access;
        this.experiments = experiments;
        this.store = store;
        this.speed = speed;
    }

    /**
     * What the template shows: the fields, the kind whose own fields are shown, the experiment it
     * was filled from (or blank), refusals that name no field of the form, the cost of one member,
     * and whether it is the sweep's form.
     */
    public record Page(List<FormField> fields, String kind, String from, String attempt, List<String> general,
                       boolean canWrite, String readOnly, RunCost cost, boolean noDataSet, boolean sweep) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(Page page);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@QueryParam(FROM) String from, @QueryParam(ExperimentForm.KIND) String kind) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        Optional<ExperimentSpec> earlier = earlierSpec(from);
        if (from != null && !from.isBlank() && earlier.isEmpty()) {
            return Response.status(404).type(MediaType.TEXT_PLAIN)
                    .entity("No experiment '" + shorten(from) + "' to fill the form from.").build();
        }
        ExperimentSpec spec = earlier.orElseGet(() -> ExperimentSpec.defaults(kind == null || kind.isBlank()
                ? ExperimentSpec.DEFAULT_KIND : kind.strip()));
        return Response.ok(page(form.values(spec), Map.of(), List.of(), earlier.isPresent() ? from : "")).build();
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(MultivaluedMap<String, String> posted) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        Map<String, String> values = form.posted(posted, false);
        String from = Optional.ofNullable(posted.getFirst(FROM)).orElse("").strip();
        return submission.submit(values, (typed, errors, general) -> page(typed, errors, general, from),
                () -> experiments.submit(posted.getFirst(ATTEMPT), form.body(earlierSpec(from)
                        .orElseGet(() -> ExperimentSpec.defaults(ExperimentSpec.DEFAULT_KIND)), values)),
                "experiment", "/console/experiments/");
    }

    /** The cost of the schedule as typed so far; the form's script asks as the fields change. */
    @GET
    @Path("cost")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cost(@QueryParam("initial") String initial, @QueryParam("budget") String budget,
                         @QueryParam("rounds") String rounds, @QueryParam("epochs") String epochs,
                         @QueryParam("architecture") String architecture) {
        if (!access.canRead()) {
            return Response.status(401).build();
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("initial", initial);
        values.put("budget", budget);
        values.put("rounds", rounds);
        values.put("epochs", epochs);
        values.put("architecture", architecture == null ? "" : architecture);
        RunCost cost = RunCost.of(values, speed.imagesPerSecond());
        return Response.ok(Map.of("labels", cost.labelsText(), "imageEpochs", cost.imageEpochsText(), "time", cost.time()))
                .build();
    }

    private TemplateInstance page(Map<String, String> values, Map<String, String> errors, List<String> general,
                                  String from) {
        List<FormField> fields = form.fields(values, errors);
        boolean noDataSet = fields.stream().filter(f -> ExperimentForm.DATA.equals(f.name()))
                .allMatch(f -> f.choices().isEmpty());
        // A fresh key per shown form: a double click submits once, a corrected form is a new submit.
        return Templates.form(new Page(fields, values.getOrDefault(ExperimentForm.KIND, ""), from,
                UUID.randomUUID().toString(), general, access.canWrite(), ConsoleAccess.READ_ONLY,
                RunCost.of(values, speed.imagesPerSecond()), noDataSet, false));
    }

    private Optional<ExperimentSpec> earlierSpec(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            StorageKeys.checkId(id.strip());
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        return store.objects().find(StorageKeys.spec(id.strip()))
                .map(bytes -> ExperimentSpec.fromJson(new String(bytes, StandardCharsets.UTF_8)));
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
