package io.alps.service.messaging;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Threads that end with their work. ND4J's native ops run in OpenMP teams, one per calling thread,
 * and a team lives as long as its thread. Once a process holds more OpenMP threads than the machine
 * has cores, libgomp shortens the spin-wait of every team's threads, which then sleep between ops
 * and must be woken for each one. Service threads are pooled and outlive their work, so a team
 * left behind by one step (a second training worker's round, a pool thread's selection, a data
 * set load) slowed every later step of the process: on two cores a trainer trained a round alone
 * 1.3x slower than one process did. A step on a thread of its own leaves no team behind.
 */
public final class StepThreads {
    private StepThreads() {
    }

    /**
     * Runs {@code work} on a new thread named {@code name} and returns its result; what it throws
     * is rethrown here. Interrupting the caller interrupts the work, and the caller still waits for
     * it to end, so a step never outlives the call that ran it.
     */
    public static <T> T call(String name, Supplier<T> work) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                result[0] = work.get();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                thread.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /**
     * An executor that runs one task at a time on a thread that ends as soon as no task waits, for
     * background work (such as loading data sets) that would otherwise keep a thread for ever.
     */
    public static ExecutorService oneAtATime(String name) {
        return new ThreadPoolExecutor(0, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
