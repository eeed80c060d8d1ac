package io.alps.service.engine;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.data.DataException;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.DatasetLoader;
import io.alps.ml.data.StoreFolder;
import io.alps.service.data.DataConfig;
import io.alps.service.data.DataSets;
import io.alps.service.messaging.StepThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.StartupEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * Each data set a spec names, loaded and normalised once per process and shared by every
 * experiment on it. Its images are read once into image stores in {@value #STORES} under the
 * service's cache folder ({@code alps.data.cache}), named after the data set's folder (an upload's
 * unpacked copy, {@code <name>-<content id>}) and a digest of its files, size and limits, where
 * the service's next start, and other services sharing the folder, find them again; at most {@value #KEEP} are kept (Caffeine picks which to drop). {@link #prefetch}
 * starts a load in the background when an experiment is requested, so its first step finds the
 * data ready. A failed load is not kept: the next call loads again.
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
    /** The image stores' folder inside the service's cache folder. */
    static final String STORES = "images";

    /**
     * One load at a time: two data sets loading at once would need both in memory twice over. Its
     * thread ends when no load waits, so its native threads do not slow the steps (StepThreads).
     */
    private final ExecutorService loader = StepThreads.oneAtATime("dataset-loader");
    private final AsyncLoadingCache<DataRequest, DataSplit> cache = Caffeine.newBuilder().maximumSize(KEEP)
            .buildAsync((request, ignored) -> CompletableFuture.supplyAsync(() -> load(request), loader));

    private final DataSets sets;
    private final Path cacheFolder;
    private final DatasetLoader loaderOfStores;

    public DatasetCache(DataSets sets, DataConfig config) {
        this.sets = sets;
        this.cacheFolder = DataSets.cacheFolder(config);
        Path cache = cacheFolder.toAbsolutePath().normalize();
        // An upload's stores are named after its unpacked copy, so they go when it goes (pruneStores).
        this.loaderOfStores = new DatasetLoader(new StoreFolder(cacheFolder.resolve(STORES), source -> source.startsWith(cache)
                && !source.equals(cache) ? cache.relativize(source).getName(0).toString() : source.getFileName().toString()));
    }

    void onStart(@Observes StartupEvent event) {
        // On the loader's thread: object storage may still be starting, and the service need not wait.
        loader.execute(this::pruneUnpacked);
    }

    /** Removes the unpacked copies of uploaded data sets that were deleted or replaced since, and their image stores. */
    void pruneUnpacked() {
        try {
            sets.uploads().ifPresent(u -> u.pruneCache(null, null));
        } catch (RuntimeException e) {
            LOG.warnf("could not remove stale unpacked data sets: %s", e.getMessage());
        }
        pruneStores();
    }

    /** Removes the stores of uploads whose unpacked copy is gone (registered data sets' folders live elsewhere). */
    private void pruneStores() {
        Path stores = cacheFolder.resolve(STORES);
        if (!Files.isDirectory(stores)) {
            return;
        }
        try (Stream<Path> files = Files.list(stores)) {
            for (Path store : files.filter(StoreFolder::isStore).toList()) {
                String source = StoreFolder.sourceOf(store);
                if (source != null && UNPACKED.matcher(source).matches() && !Files.exists(cacheFolder.resolve(source))) {
                    LOG.infof("removing the image store %s: its data set was deleted or replaced", store.getFileName());
                    Files.deleteIfExists(store);
                }
            }
        } catch (IOException e) {
            LOG.warnf("could not remove stale image stores: %s", e.getMessage());
        }
    }

    /** An unpacked upload's folder name: the data set's name, '-', 16 hex digits of its content id. */
    private static final Pattern UNPACKED = Pattern.compile(".+-[0-9a-f]{16}");

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
        entry(request(spec));
    }

    /** The spec's data set, waiting for a load in progress; a failed load is retried by the next call. */
    public DataSplit load(ExperimentSpec spec) {
        DataRequest request = request(spec);
        try {
            return entry(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + request.kind().displayName(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private CompletableFuture<DataSplit> entry(DataRequest request) {
        // An entry whose folder is gone belongs to a deleted or replaced upload: it can never be asked for again.
        cache.synchronous().asMap().keySet()
                .removeIf(r -> r.dataDir() != null && !Files.exists(r.dataDir()));
        return cache.get(request);
    }

    private DataSplit load(DataRequest request) {
        long t0 = System.nanoTime();
        DataSplit split = loaderOfStores.load(request);
        LOG.infof("loaded %s: %d training / %d test images (%.1f s)", split.displayName(),
                split.train().size(), split.test().size(), (System.nanoTime() - t0) / 1e9);
        return split;
    }

    @PreDestroy
    void stop() {
        loader.shutdownNow();
    }
}
