package io.alps.reporter.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A stored report file as an HTTP download, typed by its extension. */
final class Downloads {
    private Downloads() {
    }

    static Response file(String path, byte[] bytes) {
        return Response.ok(bytes, contentType(path))
                .header("Content-Disposition", "inline; filename=\"" + path.substring(path.lastIndexOf('/') + 1) + "\"")
                .build();
    }

    private static String contentType(String path) {
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
