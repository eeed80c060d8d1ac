package io.alps.service.engine;

import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.InitialWeights;
import io.alps.service.model.ModelUploads;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/**
 * What a spec's {@code initFrom} stands for in an ML service: the name of a model uploaded to
 * {@code POST /models}, never a path (the API refuses unknown names, and a path is one). The
 * stored file is downloaded once into the service's cache folder and its local copy handed to
 * ml-core where one process hands the user's file.
 */
@ApplicationScoped
public class PretrainedModels {
    private final ModelUploads models;

    public PretrainedModels(ModelUploads models) {
        this.models = models;
    }

    /** The local file of the spec's {@code initFrom}, or null when it names none. */
    public Path initFrom(ExperimentSpec spec) {
        String name = spec.initFrom();
        if (name == null) {
            return null;
        }
        if (!ModelUploads.isName(name)) {
            throw new InitialWeights.PretrainedException("initFrom: '" + name + "' names no uploaded model", null);
        }
        return models.localFile(name);
    }
}
