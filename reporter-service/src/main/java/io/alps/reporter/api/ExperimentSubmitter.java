package io.alps.reporter.api;

import io.alps.api.kind.Kinds;
import io.alps.api.spec.ExperimentSpec;
import io.alps.reporter.lifecycle.ExperimentLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Checks a spec against what the services can run and hands it to the lifecycle to start. */
@ApplicationScoped
public class ExperimentSubmitter {
    private final ExperimentLifecycle lifecycle;

    public ExperimentSubmitter(ExperimentLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Every reason the services cannot run this spec, as "field: problem"; empty when they can. */
    public List<String> problems(ExperimentSpec spec) {
        List<String> errors = new ArrayList<>(spec.validate());
        if (Kinds.exists(spec.kind())) {
            errors.addAll(Kinds.get(spec.kind()).servicesProblems(spec));
        }
        return errors;
    }

    public static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }

    /** Starts a checked spec under {@code id}. */
    public void submit(String id, ExperimentSpec spec) {
        lifecycle.submit(id, spec);
    }
}
