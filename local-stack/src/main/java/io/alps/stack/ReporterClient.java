package io.alps.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/** A small client of the reporter's REST API: submit an experiment or a sweep, read it, wait for it. */
public final class ReporterClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DONE = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of the reporter at {@code base} that sends {@code token} as its bearer token. */
    public ReporterClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Submits a spec and returns the experiment id; a refused spec throws with the reporter's answer. */
    public String submit(String specJson) {
        return post("/experiments", specJson).get("id").asText();
    }

    /** Submits a sweep and returns the reporter's answer: its id and member experiments. */
    public JsonNode submitSweep(String sweepJson) {
        return post("/sweeps", sweepJson);
    }

    /** The ids on the list's first page at its default size, newest first: what a console or client asks first. */
    public java.util.List<String> firstPage() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/experiments"))
                .header("Authorization", "Bearer " + token).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /experiments answered HTTP " + r.statusCode());
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        parse(r.body()).forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    /** Every experiment's id, oldest first: the list's pages (newest first) followed to the end. */
    public java.util.List<String> ids() {
        java.util.List<String> ids = new java.util.ArrayList<>();
        String next = base + "/experiments?limit=500";
        while (next != null) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(next))
                    .header("Authorization", "Bearer " + token).GET());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + next + " answered HTTP " + r.statusCode());
            }
            parse(r.body()).forEach(e -> ids.add(e.path("id").asText()));
            next = r.headers().firstValue("Link").map(ReporterClient::nextPage).orElse(null);
        }
        java.util.Collections.reverse(ids);
        return ids;
    }

    /** The address in a {@code Link} header's rel="next" part, or null. */
    private static String nextPage(String link) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"").matcher(link);
        return m.find() ? m.group(1) : null;
    }

    public JsonNode experiment(String id) {
        return get("/experiments/" + id);
    }

    public JsonNode sweep(String id) {
        return get("/sweeps/" + id);
    }

    /** The experiment's open label queries (oracle human). */
    public JsonNode queries(String id) {
        return get("/experiments/" + id + "/queries");
    }

    /** Answers label queries ({@code labels}: sample id -> class name); returns the reporter's answer. */
    public HttpResponse<String> answer(String id, java.util.Map<Integer, String> labels) {
        java.util.Map<String, Object> body = java.util.Map.of("labels", labels);
        try {
            return send(HttpRequest.newBuilder(URI.create(base + "/experiments/" + id + "/labels"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cancels the experiment and returns the reporter's answer (HTTP status and body). */
    public HttpResponse<String> cancel(String id) {
        return send(HttpRequest.newBuilder(URI.create(base + "/experiments/" + id))
                .header("Authorization", "Bearer " + token).DELETE());
    }

    /** Polls until the experiment is COMPLETED, FAILED or CANCELLED, reporting every change of its view. */
    public JsonNode await(String id, Duration timeout, Consumer<JsonNode> onChange) {
        return poll("experiment " + id, () -> experiment(id), timeout, onChange);
    }

    /** Polls until every member of the sweep has ended, reporting every change of its view. */
    public JsonNode awaitSweep(String id, Duration timeout, Consumer<JsonNode> onChange) {
        return poll("sweep " + id, () -> sweep(id), timeout, onChange);
    }

    private JsonNode post(String path, String json) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        if (r.statusCode() != 202) {
            throw new IllegalArgumentException("the reporter refused it (HTTP " + r.statusCode() + "): " + r.body());
        }
        return parse(r.body());
    }

    private JsonNode get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered HTTP " + r.statusCode());
        }
        return parse(r.body());
    }

    private static JsonNode poll(String what, java.util.function.Supplier<JsonNode> read, Duration timeout,
                                 Consumer<JsonNode> onChange) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (true) {
            JsonNode now = read.get();
            if (onChange != null && !now.equals(last)) {
                onChange.accept(now);
            }
            last = now;
            if (DONE.contains(now.path("status").asText())) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " still " + now.path("status").asText() + " (round "
                        + now.path("currentRound").asText("-") + ") after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the reporter at " + base + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the reporter answered something that is not JSON: " + body, e);
        }
    }
}
