package io.alps.service.engine;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.DatasetLoader;
import io.alps.service.data.DataSets;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Each data set a spec names, loaded and normalised once per process and shared by every
 * experiment on it; at most {@value #KEEP} are kept (Caffeine picks which to drop). {@link #prefetch}
 * starts a load in the background when an experiment is requested, so its first step finds the
 * data ready. A failed load is not kept: the next call loads again.
 */
@ApplicationScoped
public class DatasetCache {
    private static final Logger LOG = Logger.getLogger(DatasetCache.class);
    static final int KEEP = 2;

    /** One load at a time: two data sets loading at once would need both in memory twice over. */
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dataset-loader");
        t.setDaemon(true);
        return t;
    });
    private final AsyncLoadingCache<DataRequest, DataSplit> cache = Caffeine.newBuilder().maximumSize(KEEP)
            .buildAsync((request, ignored) -> CompletableFuture.supplyAsync(() -> load(request), loader));

    private final DataSets sets;

    public DatasetCache(DataSets sets) {
        this.sets = sets;
    }

    /** What the spec asks for: its {@code data} is a registered data set's name. */
    DataRequest request(ExperimentSpec spec) {
        return DataRequest.of(spec, sets.folder(spec.data()));
    }

    /** Starts loading the spec's data set unless it is loaded or loading. */
    public void prefetch(ExperimentSpec spec) {
        cache.get(request(spec));
    }

    /** The spec's data set, waiting for a load in progress; a failed load is retried by the next call. */
    public DataSplit load(ExperimentSpec spec) {
        DataRequest request = request(spec);
        try {
            return cache.get(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + request.kind().displayName(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static DataSplit load(DataRequest request) {
        long t0 = System.nanoTime();
        DataSplit split = new DatasetLoader().load(request);
        LOG.infof("loaded %s: %d training / %d test images (%.1f s)", split.displayName(),
                split.train().size(), split.test().size(), (System.nanoTime() - t0) / 1e9);
        return split;
    }

    @PreDestroy
    void stop() {
        loader.shutdownNow();
    }
}
