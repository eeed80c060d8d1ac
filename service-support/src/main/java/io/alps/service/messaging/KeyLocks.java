package io.alps.service.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key within this process, kept only while someone holds or waits for it. A process
 * that handles several records at once (a trainer running two rounds) can be handed the same
 * record twice after a broker restart; the storage claim cannot tell its own two workers apart,
 * so the second waits here until the first is done.
 */
final class KeyLocks {
    private static final long LOOK_EVERY_MS = 500;

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** Runs {@code body} holding {@code key}'s lock; {@code whileWaiting} runs about twice a second until it is free. */
    <T> T with(String key, Runnable whileWaiting, java.util.function.Supplier<T> body) {
        Entry e;
        synchronized (entries) {
            e = entries.computeIfAbsent(key, k -> new Entry());
            e.users++;
        }
        try {
            while (!e.lock.tryLock(LOOK_EVERY_MS, TimeUnit.MILLISECONDS)) {
                whileWaiting.run();
            }
            try {
                return body.get();
            } finally {
                e.lock.unlock();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StepClaims.Interrupted(); // the service is stopping: the record goes back, no failure
        } finally {
            synchronized (entries) {
                if (--e.users == 0) {
                    entries.remove(key);
                }
            }
        }
    }
}
