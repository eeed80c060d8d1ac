package io.alps.api.util;

/**
 * Asked by long work (scoring a pool, Monte-Carlo passes, batch selection) at each chunk, so a
 * cancelled experiment stops within one chunk instead of running to the end. It throws the
 * caller's own unchecked exception once the work is cancelled; it must be cheap, as it is asked
 * often.
 */
@FunctionalInterface
public interface CancelCheck {
    /** For work nobody cancels. */
    CancelCheck NEVER = () -> {
    };

    /** Returns when the work may go on; throws once it is cancelled. */
    void throwIfCancelled();
}
