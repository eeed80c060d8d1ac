package io.alps.ml.backend;

import java.util.function.Supplier;
import org.bytedeco.javacpp.Pointer;

/**
 * Turns ND4J running out of its memory bound into a user-facing error that names the network and
 * batch. ND4J's arrays live off the Java heap; JavaCPP refuses allocations past the bound the
 * launcher sets (deploy/jvm/launch.args) with an OutOfMemoryError, which DL4J may wrap.
 */
public final class MemoryLimit {
    private MemoryLimit() {
    }

    /** The network does not fit in the memory this process may use. */
    public static final class NotEnoughMemoryException extends RuntimeException {
        public NotEnoughMemoryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs {@code work} ("training", "scoring the pool", ...) of {@code network} at {@code batch}. */
    public static <T> T guard(String network, int batch, String work, Supplier<T> body) {
        try {
            return body.get();
        } catch (OutOfMemoryError | RuntimeException e) {
            if (!causedByMemory(e)) {
                throw e;
            }
            throw new NotEnoughMemoryException(String.format("%s does not fit in memory for %s at batch %d: this "
                            + "process may use %s in all (%s heap); lower the batch or give the process more memory "
                            + "(ALPS_MEMORY for ./alps, --memory for ./alps stack, the container's limit in compose)",
                    network, work, batch, size(Pointer.maxPhysicalBytes()), size(Runtime.getRuntime().maxMemory())), e);
        }
    }

    /** True when {@code e} is, or was caused by, running out of memory. */
    public static boolean causedByMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private static String size(long bytes) {
        return bytes <= 0 ? "no bound" : String.format("%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
