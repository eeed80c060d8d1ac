package io.alps.reporter.board;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * After a start, beside the service (the start does not wait): reads the stored index, so lists
 * are whole; indexes experiments stored before the index existed; then reads each stored view once
 * for the counts by status, keeping none of them in memory.
 */
@ApplicationScoped
public class BoardStartup {
    private static final Logger LOG = Logger.getLogger(BoardStartup.class);

    private final ViewWindow board;
    private final ViewStore views;

    public BoardStartup(ViewWindow board, ViewStore views) {
        this.board = board;
        this.views = views;
    }

    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(this::load, "board-index");
        t.setDaemon(true);
        t.start();
    }

    /** Reads the index, then indexes and counts what it lacks; each step's failure is logged and the next runs. */
    public void load() {
        ExperimentIndex index = board.index();
        long t0 = System.nanoTime();
        try {
            views.indexed().forEach(i -> index.place(i.id(), i.requestedAtMs()));
            LOG.infof("read the index of %d experiments in %.2f s", index.size(), (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            LOG.warnf("could not read the experiment index: %s", e.getMessage());
        } finally {
            index.loaded();
        }
        reindex();
        long t1 = System.nanoTime();
        int n = 0;
        for (String id : views.experimentIds()) {
            try {
                board.summarize(id);
                n++;
            } catch (RuntimeException e) {
                LOG.warnf("experiment %s: its stored view is unreadable: %s", id, e.getMessage());
            }
        }
        LOG.infof("read %d stored experiment views for their status in %.1f s", n, (System.nanoTime() - t1) / 1e9);
    }

    /** Indexes every stored view the index lacks (views stored by an older reporter, or by hand). */
    public void reindex() {
        try {
            for (String id : views.experimentIds()) {
                if (!board.index().contains(id)) {
                    try {
                        views.find(id).ifPresent(v -> {
                            long at = v.requestedAtMs() == null ? 0 : v.requestedAtMs();
                            views.index(id, at);
                            board.index().place(id, at);
                            board.summarize(id);
                        });
                    } catch (RuntimeException e) {
                        LOG.warnf("experiment %s: its stored view is unreadable: %s", id, e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not list the stored experiments: %s", e.getMessage());
        }
    }
}
