package io.alps.service.messaging;

import io.alps.service.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps long work from running on two instances at once. A share group hands a record to a second
 * member when the first one's lock is lost, and a broker restart loses every lock while the first
 * member is still training; the second would then train the same round again. So the instance
 * doing the work keeps a claim object in storage and rewrites it (a heartbeat) while it works; an
 * instance that gets the same input while a live claim is there waits, holding the record, until
 * the work's result is stored (then it re-sends it) or the claim stops changing (its holder died:
 * it takes the work over).
 *
 * <p>Liveness is judged by the waiter's own clock: a claim is alive while its content changes
 * within {@link #expireAfter}, so the instances' clocks need not agree. A claim written by an
 * earlier process of the same instance is taken over at once. Two instances that both find no
 * live claim within the same moment may both start; the share group makes that rare (it needs two
 * deliveries of one record within a heartbeat), and the result is the same either way.
 *
 * <p>A claim counts the tries: one taken over from a dead holder is the next attempt. So the
 * tries that really started and died are known apart from deliveries a broker restart made
 * without any worker getting the record ({@link #attempts}).
 */
public final class StepClaims implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StepClaims.class);

    private final ObjectStore store;
    private final String instance;
    private final String process = UUID.randomUUID().toString();
    private final Duration beatEvery;
    private final Duration expireAfter;
    private final Duration lookEvery;
    private final ScheduledExecutorService beats;

    /**
     * @param instance who this is among the replicas (a restarted process keeps it)
     * @param beatEvery how often a held claim is rewritten
     * @param expireAfter how long a claim may stay unchanged before its holder counts as dead; a
     *     few beats, so a slow write to storage does not hand the work over
     */
    public StepClaims(ObjectStore store, String instance, Duration beatEvery, Duration expireAfter) {
        this.store = Objects.requireNonNull(store, "store");
        this.instance = Objects.requireNonNull(instance, "instance");
        if (beatEvery.isNegative() || beatEvery.isZero() || expireAfter.compareTo(beatEvery.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("a claim must beat (every " + beatEvery
                    + ") at least twice before it expires (after " + expireAfter + ")");
        }
        this.beatEvery = beatEvery;
        this.expireAfter = expireAfter;
        this.lookEvery = beatEvery.dividedBy(2);
        this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, instance + "-claims");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Returns once no other live instance holds {@code claimKey}, or once {@code done} is true.
     * {@code everyLook} runs at each look (to stop the wait when the experiment is cancelled).
     */
    public void awaitOthers(String claimKey, BooleanSupplier done, Runnable everyLook) {
        Optional<Claim> seen = read(claimKey);
        if (seen.isEmpty() || seen.get().instance().equals(instance)) {
            return;
        }
        LOG.infof("%s is held by %s; waiting until it finishes or stops answering", claimKey, seen.get().instance());
        long changedAt = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - changedAt > expireAfter.toNanos()) {
                LOG.warnf("%s: its holder %s has not answered for %s; taking the work over", claimKey,
                        seen.get().instance(), expireAfter);
                return;
            }
            everyLook.run();
            sleep(lookEvery);
            Optional<Claim> now = read(claimKey);
            if (now.isEmpty()) {
                return; // the holder gave up (a failure): the work is free
            }
            if (!now.equals(seen)) {
                seen = now;
                changedAt = System.nanoTime();
            }
        }
    }

    /** Runs {@code work} while holding {@code claimKey}; the claim stays (no longer beating) until {@link #release}. */
    public <T> T holding(String claimKey, Supplier<T> work) {
        int attempt = attempts(claimKey) + 1;
        AtomicLong beat = new AtomicLong();
        write(claimKey, attempt, beat.get());
        ScheduledFuture<?> beating = beats.scheduleWithFixedDelay(() -> write(claimKey, attempt, beat.incrementAndGet()),
                beatEvery.toMillis(), beatEvery.toMillis(), TimeUnit.MILLISECONDS);
        boolean finished = false;
        try {
            T result = work.get();
            finished = true;
            return result;
        } finally {
            beating.cancel(false);
            if (!finished) {
                release(claimKey);
            }
        }
    }

    /**
     * How many tries of the work have started and not finished: 0 when no claim is left, else the
     * attempt number of the claim there (its holder may still be at work).
     */
    public int attempts(String claimKey) {
        return read(claimKey).map(Claim::attempt).orElse(0);
    }

    /** Removes the claim once the work's result is stored, or the work failed. */
    public void release(String claimKey) {
        try {
            store.delete(claimKey);
        } catch (RuntimeException e) {
            // A claim left behind stops beating and expires.
            LOG.warnf("could not remove the claim %s: %s", claimKey, e.getMessage());
        }
    }

    @Override
    public void close() {
        beats.shutdownNow();
    }

    private record Claim(String instance, String process, int attempt, long beat) {
    }

    private void write(String claimKey, int attempt, long beat) {
        try {
            store.put(claimKey, (instance + "\n" + process + "\n" + attempt + "\n" + beat)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // A missed beat is only a risk once several are missed in a row; the work goes on.
            LOG.warnf("could not refresh the claim %s: %s", claimKey, e.getMessage());
        }
    }

    private Optional<Claim> read(String claimKey) {
        return store.find(claimKey).map(bytes -> {
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\n");
            try {
                if (parts.length == 4) {
                    return new Claim(parts[0], parts[1], Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
                }
            } catch (NumberFormatException e) {
                // unreadable, as below
            }
            // Unreadable: somebody's claim that has to expire.
            return new Claim("unknown", Arrays.toString(parts), 1, -1);
        });
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        }
    }

    /** The wait was interrupted: the service is stopping, and the record goes back to the group. */
    public static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted while waiting for another instance's claim", null, false, false);
        }
    }
}
