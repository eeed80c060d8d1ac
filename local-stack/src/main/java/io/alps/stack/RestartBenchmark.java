package io.alps.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.alps.infra.EmbeddedS3;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a reporter restart scales with stored history: one small experiment is run, its stored
 * objects (without the network files) are copied under new ids until each count of stored
 * experiments is reached, the reporter indexes them once, and at each count the reporter is
 * SIGKILLed and started again. Printed: seconds until it is ready, until an old experiment's view
 * is answered, until its first page of the list is, until the whole list (every page) is.
 */
final class RestartBenchmark {
    private RestartBenchmark() {
    }

    static void run(LocalStack stack, StackData.DataSet data, List<Integer> counts) throws Exception {
        String spec = String.format("{\"kind\":\"dense\",\"dataset\":\"%s\",\"data\":\"%s\",\"trainLimit\":500,"
                + "\"testLimit\":200,\"initial\":100,\"budget\":100,\"rounds\":2,\"epochs\":1}", data.dataset(), data.name());
        ReporterClient client = stack.reporter();
        String source = client.submit(spec);
        JsonNode done = client.await(source, Duration.ofMinutes(30), null);
        if (!"COMPLETED".equals(done.path("status").asText())) {
            throw new IllegalStateException(source + " ended " + done.path("status").asText());
        }
        try (MinioClient s3 = MinioClient.builder().endpoint(stack.storageEndpoint())
                .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).build()) {
            Map<String, byte[]> objects = objects(s3, "experiments/" + source + "/");
            System.out.printf("restart benchmark: experiment %s, %d stored objects copied per experiment (%,d bytes)%n",
                    source, objects.size(), objects.values().stream().mapToLong(b -> b.length).sum());
            int stored = 1;
            for (int target : counts) {
                boolean copied = stored < target;
                for (; stored < target; stored++) {
                    copy(s3, objects, source, String.format("exp-copy%07d", stored));
                }
                if (copied) {
                    index(stack, client, stored);
                }
                measure(stack, client, source, stored);
            }
        }
    }

    /**
     * The copies have views but no index entries (the board writes those as experiments are requested):
     * one restart lets the reporter index them, as it does views an older reporter stored, so the
     * measured restarts are those of a reporter whose experiments all came through it.
     */
    private static void index(LocalStack stack, ReporterClient client, int stored) throws InterruptedException {
        stack.kill("reporter-service");
        long t0 = System.nanoTime();
        stack.restart(Duration.ofMinutes(5), "reporter-service");
        long deadline = t0 + Duration.ofMinutes(30).toNanos();
        int listed;
        while ((listed = client.ids().size()) < stored) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the reporter indexed " + listed + " of " + stored + " stored experiments");
            }
            Thread.sleep(5000);
        }
        System.out.printf("  %4d stored experiments indexed by the reporter %.1f s after its restart%n", stored,
                (System.nanoTime() - t0) / 1e9);
    }

    private static void measure(LocalStack stack, ReporterClient client, String old, int stored) {
        stack.kill("reporter-service");
        long t0 = System.nanoTime();
        stack.restart(Duration.ofMinutes(5), "reporter-service");
        double ready = (System.nanoTime() - t0) / 1e9;
        JsonNode view = client.experiment(old);
        double first = (System.nanoTime() - t0) / 1e9;
        int onFirstPage = client.firstPage().size();
        double page = (System.nanoTime() - t0) / 1e9;
        int listed = client.ids().size();
        double list = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  %4d stored experiments: ready %.1f s after the restart, one old view (%s) at %.1f s, "
                + "the first page (%d) at %.1f s, the list of all %d at %.1f s%n", stored, ready,
                view.path("status").asText(), first, onFirstPage, page, listed, list);
    }

    private static Map<String, byte[]> objects(MinioClient s3, String prefix) throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (var r : s3.listObjects(ListObjectsArgs.builder().bucket("alps").prefix(prefix).recursive(true).build())) {
            keys.add(r.get().objectName());
        }
        for (String key : keys) {
            if (!key.endsWith(".state")) {
                try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket("alps").object(key).build())) {
                    objects.put(key.substring(prefix.length()), in.readAllBytes());
                }
            }
        }
        return objects;
    }

    /** The experiment's objects under a new id, the id inside the JSON ones replaced too. */
    private static void copy(MinioClient s3, Map<String, byte[]> objects, String from, String to) throws Exception {
        for (var e : objects.entrySet()) {
            byte[] bytes = e.getValue();
            if (e.getKey().endsWith(".json")) {
                bytes = new String(bytes, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
            }
            s3.putObject(PutObjectArgs.builder().bucket("alps").object("experiments/" + to + "/" + e.getKey())
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
        }
    }
}
