package io.alps.stack;

/** The four services, their module folders and their fixed local ports. */
public enum ServiceKind {
    REPORTER("reporter-service", 8080),
    TRAINER("trainer-service", 8081),
    SELECTOR("selector-service", 8082),
    PRUNER("pruner-service", 8083);

    private final String module;
    private final int defaultPort;

    ServiceKind(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
