package io.alps.reporter.console;

import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.board.ExperimentView;
import io.alps.reporter.board.RoundView;
import io.alps.service.storage.StorageKeys;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Several experiments side by side ({@code /console/compare?ids=a,b,c}): their accuracy-vs-labels
 * curves on one chart, each named by the spec fields that differ between them, and their final
 * figures in a table.
 */
@Path("/console/compare")
@Produces(MediaType.TEXT_HTML)
@Blocking
@PermitAll
public class ComparePage {
    private final ExperimentBoard board;
    private final ConsoleAccess access;

    public ComparePage(ExperimentBoard board, ConsoleAccess access) {
        this.board = board;
        this.access = access;
    }

    /** One compared experiment's final figures, formatted for the table. */
    public record Row(String id, String name, String colour, String kind, String dataset, String status, int rounds,
                      String labels, String accuracy, String trainSeconds, String selectSeconds) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance compare(List<Row> rows, CompareChart chart, List<String> differing);

        static native TemplateInstance refused(String reason, List<String> ids);
    }

    @GET
    public Response compare(@QueryParam("ids") List<String> given) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        List<String> ids = ids(given);
        if (ids.size() < 2) {
            return refused(400, "Pick at least two experiments to compare (tick them on the list, or "
                    + "/console/compare?ids=a,b).", ids);
        }
        if (ids.size() > CompareChart.MAX_CURVES) {
            return refused(400, "At most " + CompareChart.MAX_CURVES + " experiments can be compared at once; "
                    + ids.size() + " were asked for.", ids);
        }
        List<ExperimentView> views = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            Optional<ExperimentView> v = view(id);
            v.ifPresentOrElse(views::add, () -> unknown.add(id));
        }
        if (!unknown.isEmpty()) {
            return refused(404, (unknown.size() == 1 ? "No experiment has this id: " : "No experiments have these ids: ")
                    + String.join(", ", unknown) + ".", ids);
        }
        List<Map<String, Object>> specs = views.stream().map(v -> v.spec() == null ? Map.<String, Object>of() : v.spec())
                .toList();
        SpecDifferences differences = SpecDifferences.of(specs);
        List<String> names = new ArrayList<>();
        List<List<CompareChart.Point>> series = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            names.add(differences.name(specs.get(i), views.get(i).id()));
            series.add(measured(views.get(i)).stream()
                    .map(r -> new CompareChart.Point(r.labeled(), r.testAccuracy())).toList());
        }
        CompareChart chart = CompareChart.of(names, series);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            rows.add(row(views.get(i), names.get(i), chart.curves().get(i).colour()));
        }
        return Response.ok(Templates.compare(rows, chart, differences.fields())).build();
    }

    /** The ids as given: {@code ids=a,b} or {@code ids=a&ids=b} (the list's ticked boxes), each once, in order. */
    static List<String> ids(List<String> given) {
        Set<String> ids = new LinkedHashSet<>();
        if (given != null) {
            for (String g : given) {
                for (String id : g.split(",")) {
                    if (!id.isBlank()) {
                        ids.add(id.strip());
                    }
                }
            }
        }
        return List.copyOf(ids);
    }

    private Optional<ExperimentView> view(String id) {
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        return board.view(id, null, SpecFields::map);
    }

    private static List<RoundView> measured(ExperimentView v) {
        return v.rounds().stream().filter(r -> r.labeled() != null && r.testAccuracy() != null).toList();
    }

    private static Row row(ExperimentView v, String name, String colour) {
        List<RoundView> done = measured(v);
        RoundView last = done.isEmpty() ? null : done.get(done.size() - 1);
        double train = v.rounds().stream().mapToDouble(r -> r.trainSeconds() == null ? 0 : r.trainSeconds()).sum();
        double select = v.rounds().stream().mapToDouble(r -> r.selectSeconds() == null ? 0 : r.selectSeconds()).sum();
        return new Row(v.id(), name, colour, v.kind() == null ? "" : v.kind(), v.dataset() == null ? "" : v.dataset(),
                v.status().name(), done.size(), last == null ? "" : String.format(Locale.ROOT, "%,d", last.labeled()),
                last == null ? "" : String.format(Locale.ROOT, "%.2f %%", 100 * last.testAccuracy()),
                String.format(Locale.ROOT, "%.1f", train), String.format(Locale.ROOT, "%.1f", select));
    }

    private static Response refused(int status, String reason, List<String> ids) {
        return Response.status(status).entity(Templates.refused(reason, ids)).build();
    }
}
