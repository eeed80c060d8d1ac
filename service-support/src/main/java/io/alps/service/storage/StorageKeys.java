package io.alps.service.storage;

/**
 * Every object-storage key ALPS uses, built in this one place:
 * <pre>
 * experiments/&lt;id&gt;/spec.json
 * experiments/&lt;id&gt;/lifecycle.json          the lifecycle owner's record: status, rounds done, their keys
 * experiments/&lt;id&gt;/view.json               the reporter's view: status and every round's metrics as reported
 * experiments/&lt;id&gt;/cancelled.json          present once the experiment is cancelled: every step checks it
 * experiments/&lt;id&gt;/final-result.json       what the kind's final training returned (its reports' input)
 * experiments/&lt;id&gt;/theta0.state              the untrained round-0 network (rewinding target)
 * experiments/&lt;id&gt;/round-&lt;r&gt;/labels.json        labeled ids of round r
 * experiments/&lt;id&gt;/round-&lt;r&gt;/start.state        the network round r starts from
 * experiments/&lt;id&gt;/round-&lt;r&gt;/trained.state      the network after round r's training
 * experiments/&lt;id&gt;/round-&lt;r&gt;/train-result.json  round r's training metrics
 * experiments/&lt;id&gt;/round-&lt;r&gt;/progress.json     round r's latest trained epoch, written by the trainer as it trains
 * experiments/&lt;id&gt;/round-&lt;r&gt;/selected.json     ids picked after round r
 * experiments/&lt;id&gt;/round-&lt;r&gt;/pool-chunks/&lt;c&gt;.bin  chunk c of round r's pool scored: its best ids with scores, or candidates
 * experiments/&lt;id&gt;/round-&lt;r&gt;/result.json       round r's complete result
 * experiments/&lt;id&gt;/round-&lt;r&gt;/events/&lt;step&gt;.pb  the event a step sent (its proof of completion)
 * experiments/&lt;id&gt;/round-&lt;r&gt;/claims/&lt;step&gt;     who is doing that step now (present while it runs)
 * experiments/&lt;id&gt;/artifacts/&lt;path&gt;            reports, charts, score arrays (the CLI's output files)
 * experiments/&lt;id&gt;/samples/&lt;sample&gt;.png        a queried sample as the network sees it (oracle human)
 * experiments/&lt;id&gt;/samples/&lt;sample&gt;.file       its image file's path inside the data set folder (image folders)
 * queues/&lt;client&gt;/&lt;id&gt;                       an experiment a client has queued or running (its place in the queue)
 * models/&lt;name&gt;/&lt;content id&gt;               an uploaded network file (ALPS checkpoint or ONNX), named by its SHA-256
 * models/&lt;name&gt;/info.json                 what it is and which content id is current (its presence: the model exists)
 * experiment-index/&lt;requested ms, 19 digits&gt;-&lt;id&gt;  empty: the experiments in request order (the list's index)
 * sweeps/&lt;id&gt;/sweep.json                          the sweep as submitted and its member experiments
 * sweeps/&lt;id&gt;/report/&lt;path&gt;                     the aggregate report (the CLI sweep's output files)
 * </pre>
 */
public final class StorageKeys {
    private static final String ROOT = "experiments/";
    private static final String SWEEPS = "sweeps/";
    private static final String DATASETS = "datasets/";
    private static final String EXPERIMENT_INDEX = "experiment-index/";
    private static final String MODELS = "models/";

    private StorageKeys() {
    }

    public static String experiment(String id) {
        return ROOT + checkId(id) + "/";
    }

    public static String spec(String id) {
        return experiment(id) + "spec.json";
    }

    public static String lifecycle(String id) {
        return experiment(id) + "lifecycle.json";
    }

    /** The folder of every experiment, whose children are the experiments' folders. */
    public static String experiments() {
        return ROOT;
    }

    /** The folder of the experiment index: one empty object per experiment, named so that names sort by request time. */
    public static String experimentIndex() {
        return EXPERIMENT_INDEX;
    }

    /** The experiment's entry in the index: requested at {@code requestedAtMs} (zero-padded, so names sort in time). */
    public static String experimentIndex(String id, long requestedAtMs) {
        return EXPERIMENT_INDEX + String.format(java.util.Locale.ROOT, "%019d", Math.max(0, requestedAtMs)) + "-"
                + checkId(id);
    }

    public static String view(String id) {
        return experiment(id) + "view.json";
    }

    public static String cancelled(String id) {
        return experiment(id) + "cancelled.json";
    }

    /** The labels people gave (oracle human): a JSON object sample id -> class name. */
    public static String answers(String id) {
        return experiment(id) + "answers.json";
    }

    /** A queried sample as the PNG people judge it by (oracle human). */
    public static String sampleImage(String id, int sampleId) {
        if (sampleId < 0) {
            throw new IllegalArgumentException("sample id must be >= 0: " + sampleId);
        }
        return experiment(id) + "samples/" + sampleId + ".png";
    }

    /**
     * Which file of the data set a queried sample is (oracle human, image-folder data sets only): its
     * path relative to the data set's folder, as UTF-8 text.
     */
    public static String sampleFile(String id, int sampleId) {
        if (sampleId < 0) {
            throw new IllegalArgumentException("sample id must be >= 0: " + sampleId);
        }
        return experiment(id) + "samples/" + sampleId + ".file";
    }

    /** The folder of every uploaded data set. */
    public static String datasets() {
        return DATASETS;
    }

    /** An uploaded data set's archive, as it was sent (zip, tar or tar.gz). */
    public static String datasetArchive(String name) {
        return DATASETS + checkId(name) + "/archive";
    }

    /** The SHA-256 of an uploaded data set's archive (hex): which copy a service has unpacked. */
    public static String datasetDigest(String name) {
        return DATASETS + checkId(name) + "/archive.sha256";
    }

    /** What an uploaded data set holds (its DatasetInfo as JSON). */
    public static String datasetInfo(String name) {
        return DATASETS + checkId(name) + "/info.json";
    }

    /** The folder of every uploaded network (a spec's {@code initFrom} names one). */
    public static String models() {
        return MODELS;
    }

    /** An uploaded network's file as it was sent, named by its content id (SHA-256, hex). */
    public static String modelFile(String name, String contentId) {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a model's content id is 64 hex digits, not '" + contentId + "'");
        }
        return MODELS + checkId(name) + "/" + contentId;
    }

    /** What an uploaded network is and which of its files is current (its ModelInfo as JSON). */
    public static String modelInfo(String name) {
        return MODELS + checkId(name) + "/info.json";
    }

    public static String finalResult(String id) {
        return experiment(id) + "final-result.json";
    }

    /** The event a step sent outside any round (the final training); proof the work is done. */
    public static String sentEvent(String id, String step) {
        return experiment(id) + "events/" + step + ".pb";
    }

    public static String theta0(String id) {
        return experiment(id) + "theta0.state";
    }

    public static String round(String id, int round) {
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, got " + round);
        }
        return experiment(id) + "round-" + round + "/";
    }

    public static String labels(String id, int round) {
        return round(id, round) + "labels.json";
    }

    public static String startModel(String id, int round) {
        return round(id, round) + "start.state";
    }

    public static String trainedModel(String id, int round) {
        return round(id, round) + "trained.state";
    }

    public static String trainResult(String id, int round) {
        return round(id, round) + "train-result.json";
    }

    /** The latest epoch of round r's training, rewritten after each epoch so a page can follow a round as it trains. */
    public static String trainProgress(String id, int round) {
        return round(id, round) + "progress.json";
    }

    public static String selected(String id, int round) {
        return round(id, round) + "selected.json";
    }

    /** Chunk {@code chunk} of round r's pool as scored by a selector (a multi-chunk pool's part of the selection). */
    public static String poolChunk(String id, int round, int chunk) {
        if (chunk < 0) {
            throw new IllegalArgumentException("chunk must be >= 0, got " + chunk);
        }
        return round(id, round) + "pool-chunks/" + chunk + ".bin";
    }

    public static String result(String id, int round) {
        return round(id, round) + "result.json";
    }

    /** The event a step sent for a round; its presence means the step's work is done and stored. */
    public static String sentEvent(String id, int round, String step) {
        return round(id, round) + "events/" + step + ".pb";
    }

    /** Who works on a step of a round now; a claim names a {@link #sentEvent(String, int, String)} that is still missing. */
    public static String claim(String id, int round, String step) {
        return round(id, round) + "claims/" + step;
    }

    /** As {@link #claim(String, int, String)} for a step outside the rounds. */
    public static String claim(String id, String step) {
        return experiment(id) + "claims/" + step;
    }

    public static String artifacts(String id) {
        return experiment(id) + "artifacts/";
    }

    public static String artifact(String id, String path) {
        return artifacts(id) + relative(path);
    }

    private static String relative(String path) {
        if (path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("artifact path must be relative and stay inside: " + path);
        }
        return path;
    }

    /** The prefix under which every sweep's folder lies. */
    public static String sweeps() {
        return SWEEPS;
    }

    public static String sweep(String id) {
        return SWEEPS + checkId(id) + "/";
    }

    public static String sweepManifest(String id) {
        return sweep(id) + "sweep.json";
    }

    public static String sweepReports(String id) {
        return sweep(id) + "report/";
    }

    public static String sweepReport(String id, String path) {
        return sweepReports(id) + relative(path);
    }

    /** A client's places in the queue, one key per experiment; the client's name is hashed (any text is safe). */
    public static String queue(String client) {
        return "queues/" + digest(client) + "/";
    }

    public static String queued(String client, String id) {
        return queue(client) + checkId(id);
    }

    /**
     * What a request sent with an {@code Idempotency-Key} was answered, per client: the key is
     * hashed with the client's name, so any text is a safe key and clients cannot see each other's.
     */
    public static String request(String client, String idempotencyKey) {
        return "requests/" + digest(client + "\n" + idempotencyKey) + ".json";
    }

    private static String digest(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Experiment ids become key segments, so they are restricted to a safe alphabet. */
    public static String checkId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("invalid experiment or sweep id '" + id + "': letters, digits, '.', '_' or '-' only");
        }
        return id;
    }
}
