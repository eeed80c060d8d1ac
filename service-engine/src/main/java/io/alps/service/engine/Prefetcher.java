package io.alps.service.engine;

import io.alps.api.spec.ExperimentSpec;
import io.alps.events.v1.ExperimentRequested;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Starts loading a requested experiment's data set in the background, so every ML service has it
 * ready when the experiment's first step reaches it instead of loading one after the other.
 */
@ApplicationScoped
public class Prefetcher {
    private static final Logger LOG = Logger.getLogger(Prefetcher.class);

    private final DatasetCache data;

    public Prefetcher(DatasetCache data) {
        this.data = data;
    }

    public void prefetch(String experimentId, ExperimentRequested request) {
        if (request == null) {
            return;
        }
        try {
            data.prefetch(ExperimentSpec.fromJson(request.getSpecJson()));
        } catch (RuntimeException e) {
            // The experiment's own steps report a bad spec or data set; prefetching is only a head start.
            LOG.debugf("no prefetch for %s: %s", experimentId, e.getMessage());
        }
    }
}
