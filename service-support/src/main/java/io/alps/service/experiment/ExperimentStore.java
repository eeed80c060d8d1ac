package io.alps.service.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;

/** Typed reads and writes of an experiment's stored state: spec, label sets, results, JSON documents. */
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

    /** Stores the spec of a new experiment and returns its key. */
    public String putSpec(String id, ExperimentSpec spec) {
        String key = StorageKeys.spec(id);
        store.put(key, spec.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return key;
    }

    public ExperimentSpec spec(String key) {
        return ExperimentSpec.fromJson(new String(store.get(key), java.nio.charset.StandardCharsets.UTF_8));
    }

    public void putLabels(String key, int[] ids) {
        putJson(key, ids);
    }

    public int[] labels(String key) {
        return readJson(key, new TypeReference<int[]>() { });
    }

    /** The labels people gave an experiment (oracle human), sample id -> class name; empty before any. */
    public Map<Integer, String> answers(String id) {
        Map<Integer, String> answers = new java.util.TreeMap<>();
        store.find(StorageKeys.answers(id)).ifPresent(bytes -> {
            try {
                JSON.readValue(bytes, new TypeReference<Map<String, String>>() { })
                        .forEach((sample, label) -> answers.put(Integer.parseInt(sample), label));
            } catch (IOException | NumberFormatException e) {
                throw new IllegalArgumentException(StorageKeys.answers(id) + " is not a JSON object of sample ids to "
                        + "class names: " + e.getMessage(), e);
            }
        });
        return answers;
    }

    public void putAnswers(String id, Map<Integer, String> answers) {
        putJson(StorageKeys.answers(id), new java.util.TreeMap<>(answers));
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

    /** The JSON document at {@code key}, if there is one. */
    public <T> java.util.Optional<T> findJson(String key, Class<T> type) {
        return store.find(key).map(bytes -> {
            try {
                return JSON.readValue(bytes, type);
            } catch (IOException e) {
                throw new IllegalArgumentException(key + " is not valid JSON of the expected shape: " + e.getMessage(), e);
            }
        });
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
