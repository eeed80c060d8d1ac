package io.alps.ml.sweep;

import io.alps.api.sweep.MemberResult;
import io.alps.api.sweep.SweepReport;
import io.alps.api.sweep.SweepSpec;

import io.alps.ml.al.ExperimentRunner;
import io.alps.ml.backend.RunSlots;
import io.alps.api.report.DirectorySink;
import io.alps.ml.data.DataSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs the members of a sweep, {@code membersAtATime} at once in the order of the sweep, each into
 * its own directory, then writes the aggregate report. A member's results do not depend on what
 * runs beside it (see {@link io.alps.ml.backend.Backend#defaultRunsAtATime()}); one that runs out of
 * memory beside another runs again alone ({@link RunSlots}). A member whose
 * finished results are already on disk is not run again, so an interrupted sweep resumes where it
 * stopped. When a member fails no further member starts, those running finish (their results are
 * kept), and the failure is thrown.
 */
public final class SweepRunner {

    /** Progress callbacks, from the thread that called {@link #run}. */
    public interface Listener {
        void onMember(int index, int total, SweepSpec.Member member, boolean skipped);
    }

    private final SweepSpec sweep;
    private final Function<SweepSpec.Member, DataSplit> data;
    private final Path out;
    private final Function<SweepSpec.Member, ExperimentRunner.Listener> memberListener;
    private final int membersAtATime;

    /**
     * @param data called from the thread that calls {@link #run}, once per member that runs
     * @param memberListener gives each member's listener, which is called from that member's thread
     */
    public SweepRunner(SweepSpec sweep, Function<SweepSpec.Member, DataSplit> data, Path out,
                       Function<SweepSpec.Member, ExperimentRunner.Listener> memberListener, int membersAtATime) {
        List<String> errors = new ArrayList<>(sweep.validate());
        if (membersAtATime < 1) {
            errors.add("members at a time must be at least 1, got " + membersAtATime);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid sweep: " + String.join("; ", errors));
        }
        this.sweep = sweep;
        this.data = data;
        this.out = out;
        this.memberListener = memberListener == null ? m -> null : memberListener;
        this.membersAtATime = membersAtATime;
    }

    public static Path memberDir(Path out, SweepSpec.Member m) {
        return out.resolve("members").resolve(m.configuration().label().replaceAll("[^A-Za-z0-9.=-]+", "_") + "-seed" + m.seed());
    }

    public SweepReport run(Listener listener) {
        List<SweepSpec.Member> members = sweep.expand();
        MemberResult[] results = new MemberResult[members.size()];
        String datasetName = null;
        Semaphore free = new Semaphore(membersAtATime);
        RunSlots slots = new RunSlots(membersAtATime);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(membersAtATime, r -> {
            Thread t = new Thread(r, "sweep-member-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int i = 0; i < members.size() && failure.get() == null; i++) {
                SweepSpec.Member m = members.get(i);
                Path dir = memberDir(out, m);
                MemberResult done = MemberResult.read(m, dir);
                if (done == null) {
                    free.acquireUninterruptibly(); // a member starts only when one before it has finished
                    if (failure.get() != null) {
                        break;
                    }
                }
                DataSplit split = done == null || datasetName == null ? data.apply(m) : null;
                if (split != null) {
                    datasetName = split.displayName();
                }
                if (listener != null) {
                    listener.onMember(i + 1, members.size(), m, done != null);
                }
                if (done != null) {
                    results[i] = done;
                    continue;
                }
                int index = i;
                running.add(pool.submit(() -> {
                    try {
                        if (failure.get() == null) { // a member that failed meanwhile stops the ones not started
                            slots.run(m.configuration().label() + " seed " + m.seed(), () -> new ExperimentRunner(
                                    m.spec(), split, new DirectorySink(dir), memberListener.apply(m)).run());
                            results[index] = MemberResult.read(m, dir);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        free.release();
                    }
                }));
            }
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e); // loading a member's data or a listener failed: wait for the running ones
        }
        try {
            for (Future<?> f : running) {
                waitFor(f);
            }
        } finally {
            pool.shutdown();
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException e) {
            throw e;
        } else if (failed instanceof Error e) {
            throw e;
        } else if (failed != null) {
            throw new IllegalStateException(failed);
        }
        SweepReport report = new SweepReport(sweep, datasetName, Arrays.asList(results));
        report.write(new DirectorySink(out));
        return report;
    }

    private static void waitFor(Future<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a member cannot be stopped midway; its results must land whole
            } catch (ExecutionException e) {
                break; // recorded by the member's task
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
