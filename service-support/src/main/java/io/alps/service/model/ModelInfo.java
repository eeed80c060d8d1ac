package io.alps.service.model;

/**
 * An uploaded network, as {@code GET /models} lists it: its name (a spec's {@code initFrom}), size,
 * kind ({@code zip}: an ALPS checkpoint, {@code onnx}: an ONNX model), when it arrived (ISO-8601),
 * and its content id (the file's SHA-256, hex), which names the stored file and every local copy.
 */
public record ModelInfo(String name, long bytes, String kind, String uploadedAt, String contentId) {
}
