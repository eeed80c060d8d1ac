package io.alps.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as its own JVM from its packaged Quarkus app, logging to a file. */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final List<String> command;
    /** Settings passed in the environment rather than the command line, which other users can read (secrets). */
    private final Map<String, String> environment;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, List<String> command, Map<String, String> environment, Process process,
                           Path log) {
        this.name = name;
        this.port = port;
        this.command = command;
        this.environment = environment;
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(Path root, ServiceKind kind, String name, int port, String heap,
                                       Map<String, String> properties, Map<String, String> environment, Path logDir) {
        Path jar = root.resolve(kind.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B -q package -DskipTests)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx" + heap);
        // The flags of every launcher: ND4J's off-heap memory bounded relative to the heap, the GC, huge pages.
        cmd.add("@" + root.resolve("deploy/jvm/launch.args"));
        cmd.add("-Dquarkus.http.port=" + port);
        // The local stack is for this machine: nothing listens beyond loopback.
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        return launch(name, port, List.copyOf(cmd), Map.copyOf(environment), logDir.resolve(name + ".log"));
    }

    private static ServiceProcess launch(String name, int port, List<String> cmd, Map<String, String> environment,
                                         Path log) {
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            Process p = builder.start();
            return new ServiceProcess(name, port, cmd, environment, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Kills the process at once (SIGKILL), as a crash or an out-of-memory kill would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The same service started again (same name, port and settings), logging to the same file. */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            close();
        }
        return launch(name, port, command, environment, log);
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** True once {@code /q/health/ready} answers UP (Kafka and object storage reachable). */
    public boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the service to stop (SIGTERM); {@link #close} waits for it. */
    public void stopAsync() {
        process.destroy();
    }

    /** Kills whatever the service process started (it starts nothing today; a stop must leave no orphan). */
    public void killDescendants() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** Waits up to {@code limit} for the process to end; true when it did. */
    public boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The operating system's id of the process (to ask a stuck one for a thread dump). */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the service: SIGTERM, then SIGKILL if it is still there after {@code grace}. */
    public void close(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
