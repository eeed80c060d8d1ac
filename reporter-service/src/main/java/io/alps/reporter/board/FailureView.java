package io.alps.reporter.board;

/** Why an experiment stopped: the service and step that failed, and the reason. */
public record FailureView(String service, String step, int round, String reason) {
}
