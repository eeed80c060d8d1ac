package io.alps.reporter.board;

public enum Status {
    PENDING, RUNNING, COMPLETED, FAILED
}
