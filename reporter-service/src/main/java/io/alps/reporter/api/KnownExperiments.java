package io.alps.reporter.api;

import io.alps.reporter.board.ExperimentBoard;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;

/** The API's one existence check: an id that names no experiment the board knows is a 404. */
@ApplicationScoped
public class KnownExperiments {
    private final ExperimentBoard board;

    public KnownExperiments(ExperimentBoard board) {
        this.board = board;
    }

    /** Returns {@code id} when it names a known experiment; otherwise the answer is 404. */
    public String require(String id) {
        if (!exists(id)) {
            throw new ApiErrors.NoSuchExperiment(id);
        }
        return id;
    }

    /** Whether {@code id} names an experiment the board knows. */
    public boolean exists(String id) {
        try {
            StorageKeys.checkId(id);
        } catch (IllegalArgumentException notAnId) {
            return false;
        }
        return board.knows(id);
    }
}
