package io.alps.ml.data;

import io.alps.ml.util.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads an archive into a cache directory with a progress bar, checks its size and SHA-256,
 * and only then moves it into place: a failed or interrupted download never leaves a file that
 * looks complete. A file already present with the right checksum is not downloaded again.
 */
public final class Downloader {
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    public Path fetch(DownloadSource source, Path dir) {
        Path target = dir.resolve(source.fileName());
        try {
            Files.createDirectories(dir);
            if (Files.isRegularFile(target) && Files.size(target) == source.size()
                    && sha256(target).equals(source.sha256())) {
                return target;
            }
            Path partial = dir.resolve(source.fileName() + ".part");
            download(source, partial);
            long size = Files.size(partial);
            if (size != source.size()) {
                Files.deleteIfExists(partial);
                throw new DataException(String.format("download of %s is %,d bytes, expected %,d",
                        source.uri(), size, source.size()));
            }
            String actual = sha256(partial);
            if (!actual.equals(source.sha256())) {
                Files.deleteIfExists(partial);
                throw new DataException("checksum mismatch for " + source.uri() + ": SHA-256 " + actual
                        + ", expected " + source.sha256());
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new DataException("cannot download " + source.uri() + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    private void download(DownloadSource source, Path partial) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(source.uri()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new DataException("download of " + source.uri() + " failed: HTTP " + response.statusCode());
        }
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(partial);
             Progress bar = Progress.bytes("download " + source.fileName(), source.size())) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                bar.advance(n);
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
