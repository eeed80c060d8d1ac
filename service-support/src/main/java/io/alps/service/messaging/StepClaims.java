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
 * claim within the same moment race to create it: where the store takes S3 conditional writes
 * ({@code If-None-Match: *}; S3, MinIO, S3Proxy) exactly one create succeeds and the other
 * instance waits as above. On a store without them both may start, as they did before; the share
 * group makes that rare (it needs two deliveries of one record within a heartbeat), and the result
 * is the same either way.
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
    /** Off once the store refused a conditional write: claims are then written as plain puts. */
    private volatile boolean conditionalWrites;

    /**
     * @param instance who this is among the replicas (a restarted process keeps it)
     * @param beatEvery how often a held claim is rewritten
     * @param expireAfter how long a claim may stay unchanged before its holder counts as dead; a
     *     few beats, so a slow write to storage does not hand the work over
     */
    public StepClaims(ObjectStore store, String instance, Duration beatEvery, Duration expireAfter) {
        this(store, instance, beatEvery, expireAfter, true);
    }

    /** As above; {@code conditionalWrites} false writes claims as a store without conditional writes makes it. */
    StepClaims(ObjectStore store, String instance, Duration beatEvery, Duration expireAfter, boolean conditionalWrites) {
        this.conditionalWrites = conditionalWrites;
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
     * What a wait for other instances ended with: the claim found last, which {@link #holding}
     * takes over (a dead holder's, or this instance's earlier process's), or none, which it creates.
     */
    public static final class Turn {
        private final Optional<Claim> takeOver;

        private Turn(Optional<Claim> takeOver) {
            this.takeOver = takeOver;
        }
    }

    /**
     * Returns once no other live instance holds {@code claimKey}, or once {@code done} is true.
     * {@code everyLook} runs at each look (to stop the wait when the experiment is cancelled).
     */
    public Turn awaitOthers(String claimKey, BooleanSupplier done, Runnable everyLook) {
        Optional<Claim> seen = read(claimKey);
        if (seen.isEmpty() || seen.get().instance().equals(instance)) {
            return new Turn(seen);
        }
        LOG.infof("%s is held by %s; waiting until it finishes or stops answering", claimKey, seen.get().instance());
        long changedAt = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - changedAt > expireAfter.toNanos()) {
                LOG.warnf("%s: its holder %s has not answered for %s; taking the work over", claimKey,
                        seen.get().instance(), expireAfter);
                return new Turn(seen);
            }
            everyLook.run();
            sleep(lookEvery);
            Optional<Claim> now = read(claimKey);
            if (now.isEmpty()) {
                return new Turn(now); // the holder gave up (a failure): the work is free
            }
            if (!now.equals(seen)) {
                seen = now;
                changedAt = System.nanoTime();
            }
        }
        return new Turn(seen);
    }

    /** As {@link #holding(String, Turn, Supplier)} with the claim there now. */
    public <T> T holding(String claimKey, Supplier<T> work) {
        return holding(claimKey, new Turn(read(claimKey)), work);
    }

    /**
     * Runs {@code work} while holding {@code claimKey}; the claim stays (no longer beating) until
     * {@link #release}. With no claim to take over it creates one, and throws {@link Taken}
     * without running the work when another instance created it since {@code turn} looked.
     */
    public <T> T holding(String claimKey, Turn turn, Supplier<T> work) {
        int attempt = turn.takeOver.map(Claim::attempt).orElse(0) + 1;
        AtomicLong beat = new AtomicLong();
        if (turn.takeOver.isPresent()) {
            write(claimKey, attempt, beat.get());
        } else if (!create(claimKey, attempt)) {
            throw new Taken(claimKey);
        }
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

    /** Creates the claim unless another instance did first; false when one did. */
    private boolean create(String claimKey, int attempt) {
        if (!conditionalWrites) {
            write(claimKey, attempt, 0);
            return true;
        }
        try {
            switch (store.createIfAbsent(claimKey, content(attempt, 0))) {
                case CREATED:
                    return true;
                case UNSUPPORTED:
                    LOG.infof("object storage at %s does not take conditional writes; claims are plain writes",
                            store.endpoint());
                    conditionalWrites = false;
                    write(claimKey, attempt, 0);
                    return true;
                default:
                    // A create tried again after a lost answer finds its own first try.
                    return read(claimKey).map(c -> c.process().equals(process)).orElse(false);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not create the claim %s: %s", claimKey, e.getMessage());
            return true; // as a missed beat: the work goes on
        }
    }

    private byte[] content(int attempt, long beat) {
        return (instance + "\n" + process + "\n" + attempt + "\n" + beat).getBytes(StandardCharsets.UTF_8);
    }

    private void write(String claimKey, int attempt, long beat) {
        try {
            store.put(claimKey, content(attempt, beat));
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

    /** Another instance created the claim between this one's look and its own create: it waits for that one. */
    static final class Taken extends RuntimeException {
        Taken(String claimKey) {
            super(claimKey + " was claimed by another instance first", null, false, false);
        }
    }

    /** The wait was interrupted: the service is stopping, and the record goes back to the group. */
    public static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted while waiting for another instance's claim", null, false, false);
        }
    }
}
