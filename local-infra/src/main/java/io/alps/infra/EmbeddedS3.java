package io.alps.infra;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server (S3Proxy) inside this JVM, answering the S3 protocol with AWS v2/v4 signatures
 * on loopback; objects live in memory or under a directory.
 */
public final class EmbeddedS3 implements AutoCloseable {
    /** Local-only credentials of the embedded server; real deployments take theirs from the environment. */
    public static final String ACCESS_KEY = "alps-local";
    public static final String SECRET_KEY = "alps-local-secret";

    private final S3Proxy proxy;
    private final int port;

    private EmbeddedS3(S3Proxy proxy, int port) {
        this.proxy = proxy;
        this.port = port;
    }

    /** Starts on {@code port} (0 picks a free one); {@code dir} null keeps objects in memory. */
    public static EmbeddedS3 start(int port, Path dir) {
        int p = port == 0 ? Ports.free() : port;
        try {
            BlobStore store;
            if (dir == null) {
                store = new TransientNio2BlobStore();
            } else {
                Files.createDirectories(dir);
                store = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
            }
            S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + p))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start on port " + p + ": " + proxy.getState());
                }
                Thread.sleep(20);
            }
            return new EmbeddedS3(proxy, p);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy on port " + p + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        }
    }
}
