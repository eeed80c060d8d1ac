package io.alps.ml.backend;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets up to {@code size} runs (a sweep's members, a trainer's rounds) work at once in this
 * process, and gives a run that ran out of memory while others worked beside it a second try
 * alone: two big networks may not fit in memory together where each fits by itself. A run is a
 * function of its inputs, so the second try gives what a run alone gives. Fair: a run waiting to
 * be alone is not overtaken by runs that come after it.
 */
public final class RunSlots {
    private static final Logger LOG = LoggerFactory.getLogger(RunSlots.class);

    private final int size;
    private final Semaphore slots;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();

    public RunSlots(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("runs at a time must be at least 1, got " + size);
        }
        this.size = size;
        this.slots = new Semaphore(size, true);
    }

    /** Runs {@code work} in a free slot; {@code what} names it in the log line of a second try. */
    public <T> T run(String what, Supplier<T> work) {
        slots.acquireUninterruptibly();
        Throwable firstTry;
        boolean withOthers;
        long startedBefore;
        try {
            withOthers = running.incrementAndGet() > 1;
            startedBefore = started.incrementAndGet();
            try {
                return work.get();
            } catch (RuntimeException | OutOfMemoryError e) {
                withOthers |= running.get() > 1 || started.get() != startedBefore;
                if (size == 1 || !withOthers || !MemoryLimit.causedByMemory(e)) {
                    throw e;
                }
                LOG.warn("{} ran out of memory beside other runs; trying it again alone", what);
                firstTry = e;
            } finally {
                running.decrementAndGet();
            }
        } finally {
            slots.release();
        }
        slots.acquireUninterruptibly(size);
        try {
            return work.get();
        } catch (RuntimeException | OutOfMemoryError e) {
            e.addSuppressed(firstTry);
            throw e;
        } finally {
            slots.release(size);
        }
    }
}
