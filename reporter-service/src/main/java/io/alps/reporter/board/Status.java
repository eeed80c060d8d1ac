package io.alps.reporter.board;

public enum Status {
    PENDING, RUNNING,
    /** The next round waits for people to answer its label queries (oracle human). */
    AWAITING_LABELS,
    COMPLETED, FAILED, CANCELLED;

    /** Nothing more will happen to it. */
    public boolean ended() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
