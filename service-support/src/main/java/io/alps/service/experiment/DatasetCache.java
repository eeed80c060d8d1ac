package io.alps.service.experiment;

import io.alps.ml.al.ExperimentSpec;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.DataRequest;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.DatasetKind;
import io.alps.ml.data.DatasetLoader;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Loads each data set a spec names once per process and keeps the most recent few, so the rounds
 * of an experiment (and experiments on the same data) do not re-read and re-normalise it.
 */
@ApplicationScoped
public class DatasetCache {
    private static final Logger LOG = Logger.getLogger(DatasetCache.class);
    private static final int KEEP = 2;

    private final Map<DataRequest, DataSplit> cache = new LinkedHashMap<>(4, 0.75f, true);

    /** ND4J's first use costs seconds; pay it at start-up, not on the first event. */
    void warmUp(@Observes StartupEvent event) {
        Backend.init();
        LOG.info(Backend.describe());
    }

    public static DataRequest request(ExperimentSpec spec) {
        return new DataRequest(DatasetKind.parse(spec.dataset()), spec.data() == null ? null : Path.of(spec.data()),
                spec.trainLimit(), spec.testLimit(), spec.dataName());
    }

    public synchronized DataSplit load(ExperimentSpec spec) {
        DataRequest request = request(spec);
        DataSplit split = cache.get(request);
        if (split == null) {
            long t0 = System.nanoTime();
            split = new DatasetLoader().load(request);
            LOG.infof("loaded %s: %d training / %d test images (%.1f s)", split.displayName(), split.train().size(),
                    split.test().size(), (System.nanoTime() - t0) / 1e9);
            cache.put(request, split);
            while (cache.size() > KEEP) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return split;
    }
}
