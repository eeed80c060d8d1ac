package io.alps.ml.data;

/** A problem with the user's data (missing, truncated or corrupt file): reported without a stack trace. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
