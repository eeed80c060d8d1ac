package io.alps.api.report;

/**
 * Where an experiment's files go: a local directory for the CLI, object storage for the
 * services. Paths are relative and use '/'. Writing a path again replaces it.
 */
public interface ArtifactSink {
    void write(String path, byte[] bytes);
}
