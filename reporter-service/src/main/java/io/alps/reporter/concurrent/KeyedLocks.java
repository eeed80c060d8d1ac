package io.alps.reporter.concurrent;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per key (an experiment id), kept only while someone holds or waits for it. Work on one
 * experiment (its object-storage reads and writes, its events) runs under that experiment's lock
 * alone, so a slow call for one experiment never holds up another. Re-entrant: a holder may lock again.
 */
public final class KeyedLocks {
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** Runs {@code body} holding {@code key}'s lock and returns what it returns. */
    public <T> T with(String key, Supplier<T> body) {
        Entry e;
        synchronized (entries) {
            e = entries.computeIfAbsent(key, k -> new Entry());
            e.users++;
        }
        e.lock.lock();
        try {
            return body.get();
        } finally {
            e.lock.unlock();
            synchronized (entries) {
                if (--e.users == 0) {
                    entries.remove(key);
                }
            }
        }
    }

    /** Runs {@code body} holding {@code key}'s lock. */
    public void run(String key, Runnable body) {
        with(key, () -> {
            body.run();
            return null;
        });
    }

    /** Locks currently held or waited for (none once every caller is done). */
    public int inUse() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
