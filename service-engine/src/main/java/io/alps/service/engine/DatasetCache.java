package io.alps.service.engine;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.data.DataRequest;
import io.alps.service.data.DataSets;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.DatasetLoader;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Each data set a spec names, loaded and normalised once per process and shared by every
 * experiment on it (the most recent {@value #KEEP} are kept). {@link #prefetch} starts a load in the
 * background when an experiment is requested, so its first step finds the data ready.
 *
 * <p>An uploaded data set is unpacked into a folder named by its archive's content id
 * ({@link io.alps.service.data.DatasetUploads#folder}), so a request for a replaced data set never
 * matches the old one's entry; entries whose folder was removed (the data set was deleted or
 * replaced) are dropped at the next request, and at start the unpacked copies no stored data set
 * matches any more are removed.
 */
@ApplicationScoped
public class DatasetCache {
    private static final Logger LOG = Logger.getLogger(DatasetCache.class);
    static final int KEEP = 2;

    private final Map<DataRequest, CompletableFuture<DataSplit>> cache = new LinkedHashMap<>(4, 0.75f, true);
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dataset-loader");
        t.setDaemon(true);
        return t;
    });

    private final DataSets sets;

    public DatasetCache(DataSets sets) {
        this.sets = sets;
    }

    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        // On the loader's thread: object storage may still be starting, and the service need not wait.
        loader.execute(this::pruneUnpacked);
    }

    /** Removes the unpacked copies of uploaded data sets that were deleted or replaced since. */
    void pruneUnpacked() {
        try {
            sets.uploads().ifPresent(u -> u.pruneCache(null, null));
        } catch (RuntimeException e) {
            LOG.warnf("could not remove stale unpacked data sets: %s", e.getMessage());
        }
    }

    /** What the spec asks for: its {@code data} is a registered data set's name. */
    DataRequest request(ExperimentSpec spec) {
        return DataRequest.of(spec, sets.folder(spec.data()));
    }

    /** Starts loading the spec's data set unless it is loaded or loading. */
    public void prefetch(ExperimentSpec spec) {
        future(request(spec));
    }

    /** The spec's data set, waiting for a load in progress; a failed load is retried by the next call. */
    public DataSplit load(ExperimentSpec spec) {
        DataRequest request = request(spec);
        CompletableFuture<DataSplit> f = future(request);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + request.kind().displayName(), e);
        } catch (ExecutionException e) {
            synchronized (cache) {
                cache.remove(request, f);
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private CompletableFuture<DataSplit> future(DataRequest request) {
        synchronized (cache) {
            cache.keySet().removeIf(r -> r.dataDir() != null && !java.nio.file.Files.exists(r.dataDir()));
            CompletableFuture<DataSplit> f = cache.get(request);
            if (f == null) {
                f = CompletableFuture.supplyAsync(() -> {
                    long t0 = System.nanoTime();
                    DataSplit split = new DatasetLoader().load(request);
                    LOG.infof("loaded %s: %d training / %d test images (%.1f s)", split.displayName(),
                            split.train().size(), split.test().size(), (System.nanoTime() - t0) / 1e9);
                    return split;
                }, loader);
                cache.put(request, f);
                while (cache.size() > KEEP) {
                    cache.remove(cache.keySet().iterator().next());
                }
            }
            return f;
        }
    }

    @PreDestroy
    void stop() {
        loader.shutdownNow();
    }
}
