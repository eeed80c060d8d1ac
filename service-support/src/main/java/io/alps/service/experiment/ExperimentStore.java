package io.alps.service.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.ml.al.ExperimentSpec;
import io.alps.ml.al.NetworkState;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.ml.al.RoundResult;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;

/** Typed reads and writes of an experiment's stored state: spec, label sets, networks, results. */
@ApplicationScoped
public class ExperimentStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;

    public ExperimentStore(ObjectStore store) {
        this.store = store;
    }

    public ObjectStore objects() {
        return store;
    }

    public void putSpec(String id, ExperimentSpec spec) {
        store.put(StorageKeys.spec(id), spec.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public ExperimentSpec spec(String id) {
        return ExperimentSpec.fromJson(new String(store.get(StorageKeys.spec(id)), java.nio.charset.StandardCharsets.UTF_8));
    }

    public void putLabels(String key, int[] ids) {
        putJson(key, ids);
    }

    public int[] labels(String key) {
        return readJson(key, new TypeReference<int[]>() { });
    }

    public void putNetwork(String key, NetworkState state) {
        store.put(key, NetworkStateCodec.toBytes(state));
    }

    public NetworkState network(String key) {
        return NetworkStateCodec.fromBytes(store.get(key), key);
    }

    public void putResult(String key, RoundResult result) {
        putJson(key, result);
    }

    public RoundResult result(String key) {
        return readJson(key, new TypeReference<RoundResult>() { });
    }

    public Map<String, Object> jsonObject(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    public String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public void putJson(String key, Object value) {
        try {
            store.put(key, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON for " + key, e);
        }
    }

    public <T> T readJson(String key, TypeReference<T> type) {
        byte[] bytes = store.get(key);
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " is not valid JSON of the expected shape: " + e.getMessage(), e);
        }
    }
}
