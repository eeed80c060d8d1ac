package io.alps.service.storage;

import io.alps.api.report.ArtifactSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Output files written into object storage: an experiment's artifacts or a sweep's report. */
public final class StorageSink implements ArtifactSink {
    private final ObjectStore store;
    private final UnaryOperator<String> keyOf;
    private final List<String> written = new ArrayList<>();

    /** An experiment's artifacts. */
    public StorageSink(ObjectStore store, String experimentId) {
        this(store, path -> StorageKeys.artifact(experimentId, path));
    }

    private StorageSink(ObjectStore store, UnaryOperator<String> keyOf) {
        this.store = store;
        this.keyOf = keyOf;
    }

    /** A sweep's aggregate report. */
    public static StorageSink sweepReport(ObjectStore store, String sweepId) {
        return new StorageSink(store, path -> StorageKeys.sweepReport(sweepId, path));
    }

    @Override
    public synchronized void write(String path, byte[] bytes) {
        String key = keyOf.apply(path);
        store.put(key, bytes);
        if (!written.contains(key)) {
            written.add(key);
        }
    }

    /** The keys written through this sink, in first-write order. */
    public synchronized List<String> writtenKeys() {
        return List.copyOf(written);
    }
}
