package io.alps.reporter.api;

import io.alps.reporter.board.ExperimentBoard;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How many experiments each token has queued or running, so one client cannot fill the trainers'
 * queue for everyone (429 past {@link SubmitLimits#queuedPerToken()}). Each place is a key in
 * object storage ({@link StorageKeys#queued}), so a restarted reporter counts what was queued
 * before; a place is given back once its experiment has ended.
 */
@ApplicationScoped
public class SubmitQueue {
    /** A place whose experiment the board never heard of: its submit died half way; it lapses after this. */
    private static final Duration UNSTARTED_LAPSE = Duration.ofMinutes(5);

    private final ExperimentBoard board;
    private final SubmitLimits limits;
    private final SecurityIdentity identity;
    private final ObjectStore store;

    public SubmitQueue(ExperimentBoard board, SubmitLimits limits, SecurityIdentity identity, ObjectStore store) {
        this.board = board;
        this.limits = limits;
        this.identity = identity;
        this.store = store;
    }

    /**
     * Counts {@code ids} against the calling token if they fit, and returns null; otherwise counts
     * nothing and says why they are refused.
     */
    public synchronized String reserve(List<String> ids) {
        String client = client();
        int open = open(client);
        if (open + ids.size() > limits.queuedPerToken()) {
            return String.format("queue full: this token has %d experiments queued or running and asks for %d more; "
                    + "the limit is %d (alps.limits.queued-per-token)", open, ids.size(), limits.queuedPerToken());
        }
        byte[] now = Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);
        List<String> taken = new ArrayList<>();
        try {
            for (String id : ids) {
                store.put(StorageKeys.queued(client, id), now);
                taken.add(id);
            }
        } catch (RuntimeException e) {
            release(client, taken);
            throw e;
        }
        return null;
    }

    /** Takes back a reservation whose experiments were not started after all. */
    public synchronized void release(List<String> ids) {
        release(client(), ids);
    }

    private void release(String client, List<String> ids) {
        ids.forEach(id -> store.delete(StorageKeys.queued(client, id)));
    }

    /** The client's places still taken; those of ended (or never started) experiments are given back on the way. */
    private int open(String client) {
        String prefix = StorageKeys.queue(client);
        int open = 0;
        for (String key : store.list(prefix)) {
            String id = key.substring(prefix.length());
            if (board.finished(id) || (!board.knows(id) && lapsed(key))) {
                store.delete(key);
            } else {
                open++;
            }
        }
        return open;
    }

    private boolean lapsed(String key) {
        return store.find(key).map(b -> {
            try {
                return System.currentTimeMillis() - Long.parseLong(new String(b, StandardCharsets.UTF_8).trim())
                        > UNSTARTED_LAPSE.toMillis();
            } catch (NumberFormatException e) {
                return true;
            }
        }).orElse(false);
    }

    private String client() {
        return identity.getPrincipal().getName();
    }
}
