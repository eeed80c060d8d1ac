package io.alps.reporter.board;

import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the board keeps its views: one {@link StorageKeys#view} per experiment, and an index entry
 * per experiment whose name says when it was requested ({@code experiment-index/<time>-<id>}, an
 * empty object), so a start lists the order of every experiment in a few listing calls instead of
 * reading every view.
 */
@ApplicationScoped
public class ViewStore {
    private static final byte[] EMPTY = new byte[0];

    /** An experiment's place in the index. */
    record Indexed(String id, long requestedAtMs) {
    }

    private final ExperimentStore store;

    public ViewStore(ExperimentStore store) {
        this.store = store;
    }

    /** The stored view, or empty when there is none (or {@code id} is no experiment id). */
    Optional<StoredView> find(String id) {
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        return store.findJson(StorageKeys.view(id), StoredView.class);
    }

    void save(StoredView view) {
        store.putJson(StorageKeys.view(view.id()), view);
    }

    /** Records when the experiment was requested in the index. */
    void index(String id, long requestedAtMs) {
        store.objects().put(StorageKeys.experimentIndex(id, requestedAtMs), EMPTY);
    }

    /** Every index entry. */
    List<Indexed> indexed() {
        List<Indexed> all = new ArrayList<>();
        for (String key : store.objects().list(StorageKeys.experimentIndex())) {
            String name = key.substring(StorageKeys.experimentIndex().length());
            int dash = name.indexOf('-');
            if (dash == 19) {
                try {
                    all.add(new Indexed(name.substring(dash + 1), Long.parseLong(name.substring(0, dash))));
                } catch (NumberFormatException notOurs) {
                    // not an index entry of this board; left alone
                }
            }
        }
        return all;
    }

    /** The ids of every experiment with a folder in object storage (with or without a view). */
    List<String> experimentIds() {
        return store.objects().children(StorageKeys.experiments());
    }
}
