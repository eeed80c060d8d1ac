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
    private final SubmitLimits limits;

    public ExperimentSubmitter(ExperimentLifecycle lifecycle, SubmitLimits limits) {
        this.lifecycle = lifecycle;
        this.limits = limits;
    }

    /** Every reason the services cannot or will not run this spec, as "field: problem"; empty when they can. */
    public List<String> problems(ExperimentSpec spec) {
        List<String> errors = new ArrayList<>(spec.validate());
        if (Kinds.exists(spec.kind())) {
            errors.addAll(Kinds.get(spec.kind()).servicesProblems(spec));
        }
        if (spec.epochs() > limits.epochs()) {
            errors.add(String.format("epochs: %d exceeds the limit of %d (alps.limits.epochs)", spec.epochs(), limits.epochs()));
        }
        if (spec.rounds() > limits.rounds()) {
            errors.add(String.format("rounds: %d exceeds the limit of %d (alps.limits.rounds)", spec.rounds(), limits.rounds()));
        }
        long imageEpochs = 0;
        for (int r = 0; r <= spec.rounds(); r++) {
            imageEpochs += ((long) spec.initial() + (long) r * spec.budget()) * spec.epochs();
        }
        if (imageEpochs > limits.imageEpochs()) {
            errors.add(String.format("epochs: training on %,d images in all (labeled images x epochs, summed over the "
                    + "rounds) exceeds the limit of %,d (alps.limits.image-epochs)", imageEpochs, limits.imageEpochs()));
        }
        return errors;
    }

    /** Why a sweep of {@code members} experiments is refused, or null. */
    public String sweepProblem(int members) {
        return members > limits.sweepMembers() ? String.format("sweep: %d experiments exceed the limit of %d "
                + "(alps.limits.sweep-members); fewer seeds or values", members, limits.sweepMembers()) : null;
    }

    public static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }

    /** Starts a checked spec under {@code id}. */
    public void submit(String id, ExperimentSpec spec) {
        lifecycle.submit(id, spec);
    }
}
