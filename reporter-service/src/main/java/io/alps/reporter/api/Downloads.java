package io.alps.reporter.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/** A stored file as an HTTP download, typed by its extension, copied on as object storage sends it. */
final class Downloads {
    private Downloads() {
    }

    /** The download of {@code path}'s bytes from {@code in}, which the answer closes once sent. */
    static Response file(String path, InputStream in) {
        StreamingOutput body = out -> {
            try (in) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, contentType(path))
                .header("Content-Disposition", "inline; filename=\"" + path.substring(path.lastIndexOf('/') + 1) + "\"")
                .build();
    }

    /** The download of bytes already in memory (small reports). */
    static Response file(String path, byte[] bytes) {
        return file(path, new java.io.ByteArrayInputStream(bytes));
    }

    static String contentType(String path) {
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".csv")) {
            return "text/csv";
        }
        if (path.endsWith(".json")) {
            return MediaType.APPLICATION_JSON;
        }
        if (path.endsWith(".txt")) {
            return MediaType.TEXT_PLAIN;
        }
        return MediaType.APPLICATION_OCTET_STREAM;
    }
}
