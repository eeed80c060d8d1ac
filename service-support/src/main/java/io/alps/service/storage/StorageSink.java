package io.alps.service.storage;

import io.alps.ml.artifacts.ArtifactSink;
import java.util.ArrayList;
import java.util.List;

/** An experiment's output files, written into object storage under its artifacts prefix. */
public final class StorageSink implements ArtifactSink {
    private final ObjectStore store;
    private final String experimentId;
    private final List<String> written = new ArrayList<>();

    public StorageSink(ObjectStore store, String experimentId) {
        this.store = store;
        this.experimentId = experimentId;
    }

    @Override
    public synchronized void write(String path, byte[] bytes) {
        String key = StorageKeys.artifact(experimentId, path);
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
