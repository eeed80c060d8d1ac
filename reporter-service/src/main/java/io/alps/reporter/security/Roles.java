package io.alps.reporter.security;

/** The API's roles: every token reads, a write token also submits. */
public final class Roles {
    public static final String READ = "read";
    public static final String WRITE = "write";

    private Roles() {
    }
}
