package io.alps.service.messaging;

/**
 * A step that cannot proceed; the message is what the user sees as the experiment's failure
 * reason. Thrown after the failure event is sent, so the record then goes to the dead-letter topic.
 */
public final class StepFailure extends RuntimeException {
    public StepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
