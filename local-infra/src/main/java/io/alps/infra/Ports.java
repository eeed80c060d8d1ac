package io.alps.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for servers started by tests. */
public final class Ports {
    private Ports() {
    }

    /** Below Linux's ephemeral range (32768-60999), which outgoing connections take ports from. */
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger(
            LOW + new java.util.Random().nextInt(HIGH - LOW));

    /**
     * A port nothing listens on, taken from below the ephemeral range: a port the system handed out
     * with bind(0) can be taken by some client's outgoing connection before our server binds it.
     */
    public static int free() {
        for (int tries = 0; tries < HIGH - LOW; tries++) {
            int port = LOW + Math.floorMod(NEXT.getAndIncrement() - LOW, HIGH - LOW);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new UncheckedIOException("no free port between " + LOW + " and " + HIGH, new IOException("all taken"));
    }

    /** True when something already listens on the loopback port. */
    public static boolean inUse(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
