package io.alps.ml.data;

import io.alps.api.spec.DatasetKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.alps.ml.testdata.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server serving a small archive in the official layout. */
class DownloaderTest {
    @TempDir
    Path tmp;
    private HttpServer server;
    private byte[] archive;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        Path dir = TestData.writeCifarDir(tmp.resolve("src"), 5, 3);
        archive = Files.readAllBytes(Cifar10ReaderTest.tarGz(dir, tmp.resolve("src.tar.gz")));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cifar-10-binary.tar.gz", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, archive.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(archive);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DownloadSource source(long size, String sha) {
        return new DownloadSource(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cifar-10-binary.tar.gz"),
                size, sha, "cifar-10-binary.tar.gz");
    }

    private String sha() throws IOException {
        Path f = tmp.resolve("sha");
        Files.write(f, archive);
        return Downloader.sha256(f);
    }

    @Test
    void loaderDownloadsVerifiesAndReadsTheArchiveOnceWhenNoDataDirIsGiven() throws IOException {
        Path cache = tmp.resolve("cache");
        DatasetLoader loader = new DatasetLoader(source(archive.length, sha()), cache, 5);

        DataSplit split = loader.load(DataRequest.of(DatasetKind.CIFAR10, null));
        loader.load(DataRequest.of(DatasetKind.CIFAR10, null));

        assertThat(split.train().size()).isEqualTo(25);
        assertThat(split.test().size()).isEqualTo(5);
        assertThat(Files.size(cache.resolve("cifar-10-binary.tar.gz"))).isEqualTo(archive.length);
        assertThat(requests.get()).as("second load uses the verified cached archive").isEqualTo(1);
    }

    @Test
    void checksumMismatchFailsAndLeavesNoFileBehind() {
        Path cache = tmp.resolve("cache");
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> new Downloader().fetch(source(archive.length, wrong), cache))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("expected " + wrong);
        assertThat(cache.resolve("cifar-10-binary.tar.gz")).doesNotExist();
        assertThat(cache.resolve("cifar-10-binary.tar.gz.part")).doesNotExist();
    }

    @Test
    void sizeMismatchIsReportedWithBothSizes() throws IOException {
        String sha = sha();
        assertThatThrownBy(() -> new Downloader().fetch(source(archive.length + 1L, sha), tmp.resolve("cache")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(String.format("%,d bytes, expected %,d", archive.length, archive.length + 1L));
    }

    @Test
    void httpErrorIsReported() {
        DownloadSource missing = new DownloadSource(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nope"),
                1, "0".repeat(64), "x.tar.gz");
        assertThatThrownBy(() -> new Downloader().fetch(missing, tmp.resolve("cache")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("HTTP 404");
    }
}
