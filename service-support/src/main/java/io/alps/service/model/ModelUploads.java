package io.alps.service.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.service.data.DataConfig;
import io.alps.service.data.DataSets;
import io.alps.service.data.NameClaims;
import io.alps.service.data.UploadRefused;
import io.alps.service.data.UploadRefused.Reason;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Trained networks sent to the API ({@code POST /models}), which a spec names in {@code initFrom}:
 * an ALPS checkpoint (zip) or an ONNX model. An upload first claims its name ({@link NameClaims}: of
 * two at once, one goes on, the other is refused); the file is read as it arrives into a temporary file,
 * refused past the size limit or when it is neither kind ({@link NetworkFileKind}), and kept in
 * object storage under its content id (SHA-256) beside a record naming it ({@link ModelInfo}),
 * written last: the record is what says the model exists. An ML service downloads the file once
 * into its cache folder ({@link #localFile}), named by the content id, so a deleted and re-sent
 * model is never served from an old copy.
 */
@ApplicationScoped
public class ModelUploads {
    private static final Logger LOG = Logger.getLogger(ModelUploads.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The local copies' folder inside the service's cache folder ({@code alps.data.cache}). */
    static final String FOLDER = "models";
    private static final String PART = ".part";

    /** How long a dead upload's claim on its name holds: as long as a data set's by default. */
    private static final java.time.Duration CLAIM_EXPIRY = java.time.Duration.ofMinutes(5);

    private final ObjectStore store;
    private final Path folder;
    private final NameClaims claims;

    @Inject
    public ModelUploads(ObjectStore store, DataConfig config) {
        this(store, DataSets.cacheFolder(config).resolve(FOLDER));
    }

    public ModelUploads(ObjectStore store, Path folder) {
        this.store = store;
        this.folder = folder;
        this.claims = new NameClaims(store, StorageKeys.models(), "model", CLAIM_EXPIRY, System::currentTimeMillis);
    }

    /** Whether {@code name} can name a model: the rules of data set names. */
    public static boolean isName(String name) {
        return DataSets.isName(name);
    }

    /** Why {@code name} cannot name a model. */
    public static String notAName(String name) {
        return "'" + name + "' is not a model name (letters, digits, '.', '_', '-'; up to 64)";
    }

    /**
     * Keeps {@code body} as model {@code name} and says what it is. Refused ({@link UploadRefused})
     * when the name is taken, the file is empty, past {@code limitBytes} or not a network file;
     * nothing is kept then, and no temporary file is left either way.
     */
    public ModelInfo store(String name, InputStream body, long limitBytes) {
        Path work = null;
        try (NameClaims.Claim claim = claims.claim(name, () -> info(name).isPresent())) {
            Files.createDirectories(folder);
            work = Files.createTempFile(folder, "upload-" + name + "-", PART);
            long[] bytes = new long[1];
            String contentId = copyWithin(body, work, limitBytes, bytes, claim::keepAlive);
            NetworkFileKind kind = NetworkFileKind.of(work);
            ModelInfo info = new ModelInfo(name, bytes[0], kind.id(), Instant.now().toString(), contentId);
            claim.keepAlive();
            store.put(StorageKeys.modelFile(name, contentId), work);
            store.put(StorageKeys.modelInfo(name), JSON.writeValueAsBytes(info));
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the upload of model " + name, e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** The uploaded model {@code name}, if there is one. */
    public Optional<ModelInfo> info(String name) {
        if (!isName(name)) {
            return Optional.empty();
        }
        return store.find(StorageKeys.modelInfo(name)).map(bytes -> {
            try {
                return JSON.readValue(bytes, ModelInfo.class);
            } catch (IOException e) {
                throw new UncheckedIOException("the record of model " + name + " cannot be read", e);
            }
        });
    }

    /** Every uploaded model, by name. */
    public List<ModelInfo> list() {
        List<ModelInfo> all = new ArrayList<>();
        for (String name : store.children(StorageKeys.models())) {
            info(name).ifPresent(all::add);
        }
        return all;
    }

    /**
     * Removes model {@code name}: its record first (from then on it does not exist), then its file.
     * It holds the name's claim meanwhile, so an upload of the same name cannot interleave (409 while
     * one is under way). False when there is none.
     */
    public boolean delete(String name) {
        try (NameClaims.Claim claim = claims.claim(name, () -> false)) {
            Optional<ModelInfo> info = info(name);
            if (info.isEmpty()) {
                return false;
            }
            store.delete(StorageKeys.modelInfo(name));
            store.delete(StorageKeys.modelFile(name, info.get().contentId()));
            return true;
        }
    }

    /**
     * The file of model {@code name} on this machine, downloaded on first use. It is downloaded
     * beside its place and moved there in one step, so services sharing the cache folder never read
     * half of it; this name's copies of other content (deleted or replaced) are removed.
     */
    public synchronized Path localFile(String name) {
        ModelInfo info = info(name).orElseThrow(() -> new IllegalArgumentException("initFrom: no model named '"
                + name + "' is stored (POST /models?name=" + name + ")"));
        String prefix = StorageKeys.checkId(name) + "-";
        Path target = folder.resolve(prefix + info.contentId().substring(0, 16) + "." + info.kind());
        Path work = null;
        try {
            Files.createDirectories(folder);
            removeOtherCopies(prefix, target);
            if (!Files.exists(target)) {
                work = Files.createTempFile(folder, "download-" + name + "-", PART);
                store.download(StorageKeys.modelFile(name, info.contentId()), work);
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                work = null;
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download model " + name + " (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            deleteQuietly(work);
        }
    }

    private void removeOtherCopies(String prefix, Path keep) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix) && !f.equals(keep)
                    && !f.getFileName().toString().endsWith(PART)).toList()) {
                LOG.infof("removing the local copy %s: its model was deleted or replaced", f.getFileName());
                Files.deleteIfExists(f);
            }
        }
    }

    /** Copies {@code in} to {@code file}, refusing it past {@code limit} bytes; returns its SHA-256 in hex. */
    private static String copyWithin(InputStream in, Path file, long limit, long[] total, Runnable progress)
            throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total[0] += n;
                if (total[0] > limit) {
                    throw new UploadRefused(Reason.TOO_LARGE, String.format("the upload is larger than the limit of "
                            + "%,d bytes for a model (alps.limits.upload.model-bytes)", limit));
                }
                out.write(buffer, 0, n);
                progress.run();
            }
        }
        if (total[0] == 0) {
            throw new UploadRefused(Reason.INVALID, "the upload is empty: send an ALPS checkpoint (zip) or an ONNX model");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temporary file is no reason to fail the request.
            }
        }
    }
}
