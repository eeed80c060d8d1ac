package io.alps.service.engine;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.RoundSteps;
import io.alps.service.experiment.ExperimentStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ml-core {@link RoundSteps} of each experiment, built from the spec stored at the key its
 * events name and from the shared data set, kept for the experiments seen most recently.
 */
@ApplicationScoped
public class Experiments {
    private static final int KEEP = 16;

    private final ExperimentStore store;
    private final DatasetCache data;
    private final Map<String, RoundSteps> steps = new LinkedHashMap<>(32, 0.75f, true);

    public Experiments(ExperimentStore store, DatasetCache data) {
        this.store = store;
        this.data = data;
    }

    public RoundSteps steps(String experimentId, String specKey) {
        synchronized (steps) {
            RoundSteps s = steps.get(experimentId);
            if (s != null) {
                return s;
            }
        }
        ExperimentSpec spec = store.spec(specKey);
        RoundSteps s = new RoundSteps(spec, data.load(spec));
        synchronized (steps) {
            steps.put(experimentId, s);
            while (steps.size() > KEEP) {
                steps.remove(steps.keySet().iterator().next());
            }
        }
        return s;
    }
}
