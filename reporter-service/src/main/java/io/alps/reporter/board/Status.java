package io.alps.reporter.board;

public enum Status {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** Nothing more will happen to it. */
    public boolean ended() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
