package io.alps.api.data;

/**
 * A data set passes a configured limit (an image's pixels, an archive's entries or unpacked bytes):
 * not malformed, only too large for this deployment. The message names the file, its value and the limit.
 */
public class DataLimitExceeded extends IllegalArgumentException {
    public DataLimitExceeded(String message) {
        super(message);
    }
}
