package io.alps.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Before anything starts: is a port the stack needs taken, and by what? A busy port is one line
 * naming the port, what the stack wanted it for and, where Linux's /proc tells, the process that
 * holds it (typically an earlier stack that has not exited yet).
 */
final class PortCheck {
    private PortCheck() {
    }

    /** The ports of a configuration, each with what it is for. */
    static Map<Integer, String> ports(StackConfig config) {
        Map<Integer, String> out = new LinkedHashMap<>();
        out.put(config.kafkaPort(), "Kafka");
        out.put(config.storagePort(), "S3");
        config.ports().forEach((kind, port) -> out.put(port, kind.module()));
        for (ServiceKind kind : new ServiceKind[] {ServiceKind.TRAINER, ServiceKind.SELECTOR}) {
            int[] instances = config.instancePorts(kind);
            for (int i = 0; i < instances.length; i++) {
                out.putIfAbsent(instances[i], kind.module() + (i == 0 ? "" : "-" + (i + 1)));
            }
        }
        if (config.prometheusPort() > 0) {
            out.put(config.prometheusPort(), "Prometheus");
        }
        return out;
    }

    /** The first busy port of the configuration, as a sentence, or empty when all are free. */
    static Optional<String> firstBusy(StackConfig config) {
        for (Map.Entry<Integer, String> e : ports(config).entrySet()) {
            Optional<String> problem = problem(e.getKey(), e.getValue());
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    static Optional<String> problem(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("port " + port + " (" + what + ") is already in use"
                    + owner(port).map(o -> " by " + o).orElse("") + "; stop that process first");
        }
    }

    /** "pid N (command line)" of the process listening on {@code port}, when /proc shows it. */
    static Optional<String> owner(int port) {
        Optional<String> inode = listeningInode(port);
        if (inode.isEmpty()) {
            return Optional.empty();
        }
        String socket = "socket:[" + inode.get() + "]";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
                    if (fds.anyMatch(fd -> socket.equals(link(fd)))) {
                        return Optional.of("pid " + proc.getFileName() + " (" + commandLine(proc) + ")");
                    }
                } catch (IOException | SecurityException e) {
                    // Another user's process: its descriptors are not ours to read.
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> listeningInode(int port) {
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // local_address, state 0A = LISTEN, inode in column 10.
                    if (f.length > 9 && f[1].endsWith(hexPort) && "0A".equals(f[3])) {
                        return Optional.of(f[9]);
                    }
                }
            } catch (IOException e) {
                // Not Linux, or no IPv6: the owner stays unknown.
            }
        }
        return Optional.empty();
    }

    private static String link(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static String commandLine(Path proc) {
        try {
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return cmd.length() > 120 ? cmd.substring(0, 117) + "..." : cmd;
        } catch (IOException e) {
            return "unknown command";
        }
    }
}
