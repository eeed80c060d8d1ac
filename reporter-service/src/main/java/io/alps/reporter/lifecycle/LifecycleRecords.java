package io.alps.reporter.lifecycle;

import io.alps.reporter.concurrent.KeyedLocks;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The lifecycle's records ({@link LifecycleRecord}) in object storage, with the recently used ones
 * kept in memory, and the per-experiment lock every change to a record is made under. Object
 * storage is read and written while holding only that experiment's lock, never a lock the other
 * experiments need.
 */
@ApplicationScoped
public class LifecycleRecords {
    private static final int KEEP = 256;

    private final ExperimentStore store;
    private final KeyedLocks locks = new KeyedLocks();
    /** Most recently used last; guarded by itself, and held only for the map operation. */
    private final Map<String, LifecycleRecord> recent = new LinkedHashMap<>(64, 0.75f, true);

    public LifecycleRecords(ExperimentStore store) {
        this.store = store;
    }

    /** Runs {@code body} holding the experiment's lock: the record it finds stays the same until it returns. */
    public <T> T locked(String experimentId, Supplier<T> body) {
        return locks.with(experimentId, body);
    }

    public void locked(String experimentId, Runnable body) {
        locks.run(experimentId, body);
    }

    /**
     * The experiment's record, or null when the lifecycle never started it. Call it holding the
     * experiment's lock ({@link #locked}): the record is shared and changed in place.
     *
     * @throws IllegalArgumentException when {@code experimentId} is no experiment id
     */
    LifecycleRecord find(String experimentId) {
        LifecycleRecord r;
        synchronized (recent) {
            r = recent.get(experimentId);
        }
        if (r == null) {
            r = store.findJson(StorageKeys.lifecycle(experimentId), LifecycleRecord.class).orElse(null);
            if (r != null) {
                remember(r);
            }
        }
        return r;
    }

    /** Stores the record (call it holding the experiment's lock). */
    void save(LifecycleRecord record) {
        store.putJson(StorageKeys.lifecycle(record.experimentId), record);
        remember(record);
    }

    /** Takes back a record that was never announced, with its spec. */
    void forget(String experimentId, String specKey) {
        synchronized (recent) {
            recent.remove(experimentId);
        }
        store.objects().delete(StorageKeys.lifecycle(experimentId));
        store.objects().delete(specKey);
    }

    private void remember(LifecycleRecord record) {
        synchronized (recent) {
            recent.put(record.experimentId, record);
            while (recent.size() > KEEP) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
    }
}
