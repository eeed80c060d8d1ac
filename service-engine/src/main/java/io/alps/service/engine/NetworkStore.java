package io.alps.service.engine;

import io.alps.ml.al.NetworkState;
import io.alps.ml.al.NetworkStateCodec;
import io.alps.service.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

/** Networks (plan + weights + optimiser state) in object storage, in ml-core's own format. */
@ApplicationScoped
public class NetworkStore {
    private final ObjectStore store;

    public NetworkStore(ObjectStore store) {
        this.store = store;
    }

    public void put(String key, NetworkState state) {
        store.put(key, NetworkStateCodec.toBytes(state));
    }

    public NetworkState get(String key) {
        return NetworkStateCodec.fromBytes(store.get(key), key);
    }
}
