package io.alps.reporter.api;

import io.alps.api.kind.Kinds;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.validation.SpecValidation;
import io.alps.reporter.lifecycle.ExperimentLifecycle;
import io.alps.service.data.DataSets;
import io.alps.service.model.ModelUploads;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Checks a spec against what the services can run and hands it to the lifecycle to start. */
@ApplicationScoped
public class ExperimentSubmitter {
    private final ExperimentLifecycle lifecycle;
    private final SubmitLimits limits;
    private final DataSets dataSets;
    private final ModelUploads models;

    public ExperimentSubmitter(ExperimentLifecycle lifecycle, SubmitLimits limits, DataSets dataSets, ModelUploads models) {
        this.lifecycle = lifecycle;
        this.models = models;
        this.limits = limits;
        this.dataSets = dataSets;
    }

    /** Every reason the services cannot or will not run this spec, as "field: problem"; empty when they can. */
    public List<String> problems(ExperimentSpec spec) {
        List<String> errors = new ArrayList<>(SpecValidation.validate(spec));
        if (Kinds.exists(spec.kind())) {
            errors.addAll(Kinds.get(spec.kind()).servicesProblems(spec));
        }
        errors.addAll(dataProblems(spec));
        if (io.alps.api.oracle.FileOracle.NAME.equals(spec.oracleName())) {
            errors.add("oracle: '" + spec.oracleName() + "' reads a label file where the experiment runs, which the "
                    + "services do not do; answer with POST /experiments/{id}/labels (oracle human) or use oracle dataset");
        }
        if (spec.initFrom() != null && !spec.initFrom().isBlank() && models.info(spec.initFrom()).isEmpty()) {
            // Only an uploaded model's name: a path (or anything else) is an unknown name, never a server file.
            errors.add("initFrom: no model named '" + spec.initFrom() + "' (upload it with POST /models?name="
                    + spec.initFrom() + ")");
        }
        // Each field's own maximum is checked on the JSON before (SpecBounds); this is their product.
        long imageEpochs = ExperimentSpec.imageEpochs(spec.initial(), spec.budget(), spec.rounds(), spec.epochs());
        if (imageEpochs > limits.imageEpochs()) {
            errors.add(String.format("epochs: training on %,d images in all (labeled images x epochs, summed over the "
                    + "rounds) exceeds the limit of %,d (alps.limits.image-epochs)", imageEpochs, limits.imageEpochs()));
        }
        return errors;
    }

    /**
     * A spec names a registered data set of its kind, never a server path; one that names none is
     * refused, so no request makes a service look for (or fetch) a data set of its own accord.
     */
    private List<String> dataProblems(ExperimentSpec spec) {
        String data = spec.data();
        if (data == null || data.isBlank()) {
            return List.of("data: names the data set to run on, one registered on the server (GET /datasets); "
                    + "registered: " + registered());
        }
        if (DataSets.isPath(data)) {
            return List.of("data: names a data set registered on the server (GET /datasets), not a path");
        }
        var set = dataSets.find(data);
        if (set.isEmpty()) {
            return List.of("data: no data set named '" + data + "'; registered: " + registered());
        }
        if (!set.get().usable()) {
            return List.of("data: data set '" + data + "' is registered, but its folder holds no data set this "
                    + "server can read");
        }
        if (!set.get().kind().id().equalsIgnoreCase(spec.dataset())) {
            return List.of("dataset: '" + spec.dataset() + "', but data set '" + data + "' is " + set.get().kind().id());
        }
        return List.of();
    }

    private String registered() {
        return dataSets.names().isEmpty() ? "none" : String.join(", ", dataSets.names());
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
