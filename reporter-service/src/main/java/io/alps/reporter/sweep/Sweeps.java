package io.alps.reporter.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.api.sweep.MemberResult;
import io.alps.api.sweep.SweepJson;
import io.alps.api.sweep.SweepReport;
import io.alps.api.sweep.SweepSpec;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.board.ExperimentView;
import io.alps.reporter.board.RoundView;
import io.alps.reporter.board.Status;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import io.alps.service.storage.StorageSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Every sweep this reporter started, with its members' progress taken from the experiment board.
 * The aggregate report (ml-core's {@link SweepReport}, the files {@code alps sweep} writes) is
 * rewritten under the sweep's report prefix each time one of its members completes.
 */
@ApplicationScoped
public class Sweeps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(Sweeps.class);

    private final ObjectStore store;
    private final ExperimentBoard board;
    private final Map<String, SweepManifest> sweeps = new LinkedHashMap<>();
    private final Map<String, String> sweepOfExperiment = new java.util.HashMap<>();
    private boolean loaded;

    public Sweeps(ObjectStore store, ExperimentBoard board) {
        this.store = store;
        this.board = board;
    }

    /** Stores the manifest before any member starts, so every member event finds its sweep. */
    public synchronized void register(SweepManifest manifest) {
        load();
        try {
            store.put(StorageKeys.sweepManifest(manifest.id()), JSON.writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        add(manifest);
    }

    /** Forgets a sweep whose members could not all be started (they were cancelled). */
    public synchronized void unregister(String id) {
        load();
        SweepManifest manifest = sweeps.remove(id);
        if (manifest != null) {
            manifest.members().forEach(m -> sweepOfExperiment.remove(m.experimentId()));
        }
        store.delete(StorageKeys.sweepManifest(id));
    }

    public synchronized List<String> ids() {
        load();
        return new ArrayList<>(sweeps.keySet());
    }

    /** The sweep's member experiments, empty when there is no such sweep. */
    public synchronized List<String> members(String id) {
        load();
        SweepManifest manifest = sweeps.get(id);
        return manifest == null ? List.of() : manifest.members().stream().map(SweepManifest.Member::experimentId).toList();
    }

    /** Called once when an experiment completes: if it is a sweep's member, the sweep's report is rewritten. */
    public void memberCompleted(String experimentId) {
        SweepManifest manifest;
        synchronized (this) {
            load();
            String sweepId = sweepOfExperiment.get(experimentId);
            manifest = sweepId == null ? null : sweeps.get(sweepId);
        }
        if (manifest != null) {
            writeReport(manifest);
        }
    }

    public Optional<SweepView> view(String id) {
        SweepManifest manifest;
        synchronized (this) {
            load();
            manifest = sweeps.get(id);
        }
        if (manifest == null) {
            return Optional.empty();
        }
        SweepSpec spec = SweepJson.parse(manifest.request());
        Progress p = progress(manifest, spec);
        SweepReport report = new SweepReport(spec, p.dataset, p.results);
        List<String> comparisons = p.results.isEmpty() ? List.of()
                : report.comparisons().stream().map(SweepReport.Comparison::sentence).toList();
        return Optional.of(new SweepView(id, p.status(), p.dataset, report.hash(), spec.seeds(), manifest.members().size(),
                p.results.size(), p.failed, p.cancelled, p.members, comparisons, store.list(StorageKeys.sweepReports(id)).stream()
                .sorted().toList(), manifest.createdAtMs()));
    }

    /** The members' state as the board knows it, with the curves of the completed ones. */
    private final class Progress {
        final List<SweepView.MemberView> members = new ArrayList<>();
        final List<MemberResult> results = new ArrayList<>();
        String dataset;
        int failed;
        int cancelled;
        int started;

        Status status() {
            int total = members.size();
            if (results.size() == total) {
                return Status.COMPLETED;
            }
            if (results.size() + failed + cancelled == total) {
                return cancelled > 0 ? Status.CANCELLED : Status.FAILED;
            }
            return started > 0 || !results.isEmpty() ? Status.RUNNING : Status.PENDING;
        }
    }

    private Progress progress(SweepManifest manifest, SweepSpec spec) {
        // Members are matched by spec hash, so a manifest stays readable if the expansion order changes.
        Map<String, SweepSpec.Member> expanded = new java.util.HashMap<>();
        spec.expand().forEach(m -> expanded.put(m.spec().hash(), m));
        Progress p = new Progress();
        for (SweepManifest.Member m : manifest.members()) {
            Optional<ExperimentView> view = board.view(m.experimentId(), null, s -> null);
            Status status = view.map(ExperimentView::status).orElse(Status.PENDING);
            Double finalAccuracy = null;
            Double auc = null;
            if (status == Status.COMPLETED && expanded.containsKey(m.specHash())) {
                MemberResult r = curve(expanded.get(m.specHash()), view.get());
                p.results.add(r);
                finalAccuracy = r.finalAccuracy();
                auc = r.auc();
                p.dataset = p.dataset != null ? p.dataset : view.get().dataset();
            } else if (status == Status.FAILED) {
                p.failed++;
            } else if (status == Status.CANCELLED) {
                p.cancelled++;
            } else if (status == Status.RUNNING) {
                p.started++;
            }
            p.members.add(new SweepView.MemberView(m.experimentId(), m.configuration(), m.seed(), status, finalAccuracy, auc));
        }
        return p;
    }

    private static MemberResult curve(SweepSpec.Member member, ExperimentView view) {
        List<RoundView> rounds = view.rounds();
        double[] labeled = rounds.stream().mapToDouble(r -> r.labeled()).toArray();
        double[] accuracy = rounds.stream().mapToDouble(r -> r.testAccuracy()).toArray();
        return new MemberResult(member, labeled, accuracy);
    }

    private synchronized void writeReport(SweepManifest manifest) {
        SweepSpec spec = SweepJson.parse(manifest.request());
        Progress p = progress(manifest, spec);
        new SweepReport(spec, p.dataset, p.results).write(StorageSink.sweepReport(store, manifest.id()));
    }

    /** Sweeps started before this reporter did (read once, from object storage). */
    private void load() {
        if (loaded) {
            return;
        }
        for (String id : store.children(StorageKeys.sweeps())) {
            String key = StorageKeys.sweepManifest(id);
            try {
                store.find(key).ifPresent(bytes -> {
                    try {
                        add(JSON.readValue(bytes, SweepManifest.class));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (RuntimeException e) {
                // One damaged manifest must not hide the other sweeps.
                LOG.errorf("skipping the unreadable sweep manifest %s: %s", key, e.getMessage());
            }
        }
        loaded = true;
    }

    private void add(SweepManifest manifest) {
        sweeps.put(manifest.id(), manifest);
        manifest.members().forEach(m -> sweepOfExperiment.put(m.experimentId(), manifest.id()));
    }
}
