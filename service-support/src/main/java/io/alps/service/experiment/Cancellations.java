package io.alps.service.experiment;

import io.alps.api.util.CancelCheck;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which experiments were cancelled. The lifecycle marks one in object storage; every step looks
 * the mark up before it starts and long work at each epoch or chunk ({@link #check}), so a cancel reaches a step
 * on whatever instance runs it, also one started after the cancel. A cancel is never taken back.
 */
@ApplicationScoped
public class Cancellations {
    private final ObjectStore store;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public Cancellations(ObjectStore store) {
        this.store = store;
    }

    /** Marks the experiment cancelled (idempotent). */
    public void mark(String experimentId, long atMs) {
        store.put(StorageKeys.cancelled(experimentId),
                ("{\"cancelledAtMs\":" + atMs + "}").getBytes(StandardCharsets.UTF_8));
        known.add(experimentId);
    }

    public boolean cancelled(String experimentId) {
        if (known.contains(experimentId)) {
            return true;
        }
        if (store.exists(StorageKeys.cancelled(experimentId))) {
            known.add(experimentId);
            return true;
        }
        return false;
    }

    /** For long work to call at its boundaries: stops it with {@link StepCancelled} once the experiment is cancelled. */
    public void stopIfCancelled(String experimentId) {
        if (cancelled(experimentId)) {
            throw new StepCancelled(experimentId);
        }
    }

    /**
     * A check for long work to ask at every chunk: it throws {@link StepCancelled} once the
     * experiment is cancelled. It looks in object storage at most once per {@link #LOOK_EVERY}
     * (a cancel known to this process is seen at once), so asking it thousands of times a second
     * costs nothing, and a cancel reaches the work within that interval plus one chunk.
     */
    public CancelCheck check(String experimentId) {
        long[] next = {System.nanoTime()};
        return () -> {
            if (known.contains(experimentId)) {
                throw new StepCancelled(experimentId);
            }
            long now = System.nanoTime();
            if (now - next[0] >= 0) {
                next[0] = now + LOOK_EVERY.toNanos();
                stopIfCancelled(experimentId);
            }
        };
    }

    /** How often {@link #check} looks for a cancel made by another process. */
    public static final Duration LOOK_EVERY = Duration.ofMillis(500);

    /** Work stopped because its experiment was cancelled: not a failure, nothing to report. */
    public static final class StepCancelled extends RuntimeException {
        public StepCancelled(String experimentId) {
            super("experiment " + experimentId + " was cancelled", null, false, false);
        }
    }
}
