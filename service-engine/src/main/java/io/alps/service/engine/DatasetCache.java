package io.alps.service.engine;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.data.DataException;
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

    /**
     * What the spec asks for: its {@code data} is a registered data set's name. A spec without one
     * is refused rather than read from the data set's default place: there the loader would download
     * CIFAR-10, and a service fetches nothing because of a request.
     */
    DataRequest request(ExperimentSpec spec) {
        if (spec.data() == null || spec.data().isBlank()) {
            throw new DataException("data: the spec names no data set; the services run only on registered data "
                    + "sets (alps.data.sets, alps.data.root, POST /datasets) and never fetch one");
        }
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
