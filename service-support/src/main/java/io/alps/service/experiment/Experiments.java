package io.alps.service.experiment;

import io.alps.ml.al.ExperimentSpec;
import io.alps.ml.al.RoundSteps;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ml-core {@link RoundSteps} of each experiment, built from its stored spec and its data set,
 * kept for the experiments seen most recently.
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

    public RoundSteps steps(String experimentId) {
        synchronized (steps) {
            RoundSteps s = steps.get(experimentId);
            if (s != null) {
                return s;
            }
        }
        ExperimentSpec spec = store.spec(experimentId);
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
