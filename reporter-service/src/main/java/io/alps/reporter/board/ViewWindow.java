package io.alps.reporter.board;

import io.alps.reporter.concurrent.KeyedLocks;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The board's views as it works on them: the recently used ones in memory (at most
 * {@link BoardConfig#window()}), every other one read from object storage ({@link ViewStore}) when
 * asked for, each behind its experiment's own lock, so a slow storage call for one experiment never
 * holds up another. Every change is stored before it counts, so a view leaving memory loses nothing.
 */
@ApplicationScoped
public class ViewWindow {
    private final ViewStore views;
    private final ExperimentIndex index = new ExperimentIndex();
    private final KeyedLocks locks = new KeyedLocks();
    private final int size;
    /** Least recently used first; guarded by itself, held only for the map operation. */
    private final LinkedHashMap<String, ExperimentEntry> recent = new LinkedHashMap<>(64, 0.75f, true);

    public ViewWindow(ViewStore views, BoardConfig config) {
        this.views = views;
        this.size = Math.max(1, config.window());
    }

    ExperimentIndex index() {
        return index;
    }

    /** Views held in memory now. */
    public int inMemory() {
        synchronized (recent) {
            return recent.size();
        }
    }

    /** Runs {@code read} on the experiment's view (null when there is none) holding its lock. */
    <T> T read(String id, Function<ExperimentEntry, T> read) {
        return locks.with(id, () -> read.apply(entry(id)));
    }

    /**
     * Applies {@code change} to the experiment's view (a new one when it has none) unless an event
     * with this id was applied before; stores it, and indexes it once its request time is known.
     */
    boolean apply(String id, String eventId, Consumer<ExperimentEntry> change) {
        return locks.with(id, () -> {
            ExperimentEntry e = entry(id);
            if (e == null) {
                e = new ExperimentEntry(StorageKeys.checkId(id));
                remember(e);
            }
            if (eventId != null && !eventId.isEmpty() && !e.applied.add(eventId)) {
                return false;
            }
            boolean listed = index.contains(id);
            change.accept(e);
            views.save(e.stored());
            if (!listed && e.requestedAtMs != null) {
                views.index(id, e.requestedAtMs);
            }
            index.update(e);
            return true;
        });
    }

    /** Reads the experiment's stored view once for the index (its status), without keeping it in memory. */
    void summarize(String id) {
        locks.run(id, () -> {
            ExperimentIndex.Summary s = index.summary(id);
            if (s == null || s.status() == null) {
                views.find(id).map(ExperimentEntry::of).ifPresent(index::update);
            }
        });
    }

    /** The experiment's view from memory or object storage; null if unknown. Call it holding its lock. */
    private ExperimentEntry entry(String id) {
        ExperimentEntry e;
        synchronized (recent) {
            e = recent.get(id);
        }
        if (e == null) {
            e = views.find(id).map(ExperimentEntry::of).orElse(null);
            if (e != null) {
                remember(e);
                index.update(e);
            }
        }
        return e;
    }

    private void remember(ExperimentEntry e) {
        synchronized (recent) {
            recent.put(e.id, e);
            while (recent.size() > size) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
    }
}
