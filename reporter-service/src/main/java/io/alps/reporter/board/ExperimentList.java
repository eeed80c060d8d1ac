package io.alps.reporter.board;

import io.alps.api.spec.ExperimentSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The experiments page by page, newest request first, optionally filtered by status, kind or data set. */
@ApplicationScoped
public class ExperimentList {
    /** A filter of the list; null fields match everything. */
    public record Filter(Status status, String kind, String dataset) {
        boolean isNone() {
            return status == null && kind == null && dataset == null;
        }

        boolean matches(ExperimentIndex.Summary s) {
            return (status == null || status == s.status()) && (kind == null || kind.equals(s.kind()))
                    && (dataset == null || dataset.equals(s.dataset()));
        }
    }

    /** One page, newest first; {@code nextAfter} continues it (null on the last page). */
    public record Page(List<ExperimentView> experiments, String nextAfter) {
    }

    private final ViewWindow window;
    private final ExperimentBoard board;

    public ExperimentList(ViewWindow window, ExperimentBoard board) {
        this.window = window;
        this.board = board;
    }

    /**
     * Up to {@code limit} experiments matching {@code filter}, newest request first, starting after
     * the experiment {@code afterId} (from the newest when null). Views outside the memory window
     * are read from object storage, only as many as the page needs.
     */
    public Page page(String afterId, int limit, Filter filter, Function<ExperimentSpec, Map<String, Object>> specJson) {
        ExperimentIndex index = window.index();
        index.awaitLoaded();
        List<ExperimentView> rows = new ArrayList<>();
        String last = null;
        Iterator<String> ids = index.after(afterId);
        while (ids.hasNext() && rows.size() < limit) {
            String id = ids.next();
            if (!filter.isNone()) {
                ExperimentIndex.Summary s = summary(index, id);
                if (s == null || !filter.matches(s)) {
                    continue;
                }
            }
            Optional<ExperimentView> v = board.view(id, null, specJson);
            if (v.isPresent()) {
                rows.add(v.get());
                last = id;
            }
        }
        return new Page(rows, last != null && anotherMatches(index, ids, filter) ? last : null);
    }

    /** Whether a page after this one has any experiment: the last page links to no empty one. */
    private boolean anotherMatches(ExperimentIndex index, Iterator<String> ids, Filter filter) {
        while (ids.hasNext()) {
            String id = ids.next();
            if (filter.isNone()) {
                return true;
            }
            ExperimentIndex.Summary s = summary(index, id);
            if (s != null && filter.matches(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An experiment that has not ended and whose spec names data set {@code data}, if any. Ended
     * experiments are passed over by their index summary, so only unfinished ones' views are read.
     */
    public Optional<String> unfinishedUsing(String data) {
        return unfinishedNaming("data", ExperimentSpec::data, data);
    }

    /** An experiment that has not ended and whose spec starts from uploaded model {@code model} ({@code initFrom}), if any. */
    public Optional<String> unfinishedStartingFrom(String model) {
        return unfinishedNaming("initFrom", ExperimentSpec::initFrom, model);
    }

    private Optional<String> unfinishedNaming(String field, java.util.function.Function<ExperimentSpec, String> named,
                                              String value) {
        ExperimentIndex index = window.index();
        index.awaitLoaded();
        Iterator<String> ids = index.after(null);
        while (ids.hasNext()) {
            String id = ids.next();
            ExperimentIndex.Summary s = summary(index, id);
            if (s != null && s.status() != null && s.status().ended()) {
                continue;
            }
            boolean uses = board.view(id, null, spec -> {
                        String v = named.apply(spec);
                        return v == null ? Map.of() : Map.of(field, v);
                    })
                    .map(v -> v.spec() != null && value.equals(v.spec().get(field)) && !v.status().ended())
                    .orElse(false);
            if (uses) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** The experiment's summary; one not read since the start (no status yet) is read from its stored view first. */
    private ExperimentIndex.Summary summary(ExperimentIndex index, String id) {
        ExperimentIndex.Summary s = index.summary(id);
        if (s == null || s.status() == null) {
            window.summarize(id);
            s = index.summary(id);
        }
        return s;
    }
}
