package io.alps.service.data;

/** An upload or deletion refused; the message names what is wrong (the entry, file or name, its value, the limit). */
public final class UploadRefused extends RuntimeException {
    /** Why, as the API answers it. */
    public enum Reason {
        /** Not an archive, not a data set, or an entry that may not be unpacked: 400. */
        INVALID(400),
        /** Past a configured limit: 413. */
        TOO_LARGE(413),
        /** The name is taken, being uploaded, or the data set is in use: 409. */
        CONFLICT(409);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public UploadRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
