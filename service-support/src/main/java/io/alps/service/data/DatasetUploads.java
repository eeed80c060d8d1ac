package io.alps.service.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.api.data.DatasetInfo;
import io.alps.api.data.DataLimitExceeded;
import io.alps.api.data.DatasetLayout;
import io.alps.api.data.ImageHeaders;
import io.alps.api.spec.DatasetKind;
import io.alps.service.data.UploadRefused.Reason;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Data sets sent to the API as an archive (zip, tar or tar.gz of a data set folder: train/ and
 * test/ class folders, or the CIFAR-10 or Fashion-MNIST files). An upload first claims its name
 * ({@link NameClaims}: of two at once, one goes on, the other is refused), is read as it arrives
 * into a temporary file, refused past the size limit, unpacked within the limits
 * ({@link ArchiveUnpacker}), checked like a registered folder (every image's header too), and kept
 * in object storage with what it holds; an ML service unpacks it once into its cache folder when a
 * spec first names it. Cache folders are named by the archive's SHA-256 (its content id), so a
 * deleted or replaced data set's copy is never used again, and such copies are removed when the
 * name is next read and at a service's start ({@link #pruneCache}).
 */
public final class DatasetUploads {
    private static final Logger LOG = Logger.getLogger(DatasetUploads.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNPACKED = ".unpacked";
    private static final String PART = ".part-";
    private static final String UPLOADING = "upload-";
    /** A cache folder: the data set's name, '-', the first 16 hex digits of its archive's SHA-256. */
    private static final Pattern CACHED = Pattern.compile("(.+)-([0-9a-f]{16})");
    /** An unpack that has not finished in this long was abandoned (its service died): its folder goes. */
    private static final Duration ABANDONED = Duration.ofHours(6);

    private final ObjectStore store;
    private final Path cache;
    private final UploadLimits limits;
    private final NameClaims claims;

    public DatasetUploads(ObjectStore store, Path cache, UploadLimits limits) {
        this.store = store;
        this.cache = cache;
        this.limits = limits;
        this.claims = new NameClaims(store, limits.claimExpiry(), System::currentTimeMillis);
    }

    public UploadLimits limits() {
        return limits;
    }

    /**
     * Keeps the archive {@code body} as data set {@code name} and returns what it holds. Refused
     * ({@link UploadRefused}) when the name is taken or being uploaded, past a limit, or not a data
     * set; nothing is kept then, and nothing is left in temporary folders either way.
     */
    public DatasetInfo store(String name, InputStream body) {
        Path work = null;
        try (NameClaims.Claim claim = claims.claim(name, () -> info(name).isPresent())) {
            // In the cache folder, named like an unpack in progress: one a crash left behind is removed like those.
            Files.createDirectories(cache);
            work = Files.createTempDirectory(cache, UPLOADING + name + PART);
            Path archive = work.resolve("archive");
            String digest = copyWithin(body, archive, limits.uploadBytes(), claim::keepAlive);
            DatasetInfo info = new UploadedArchive(limits).unpackAndCheck(name, archive, work.resolve("data"),
                    claim::keepAlive);
            claim.keepAlive();
            store.put(StorageKeys.datasetArchive(name), archive);
            store.put(StorageKeys.datasetDigest(name), digest.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // The description last: it is what says the data set exists (find, list, the name's claim).
            store.put(StorageKeys.datasetInfo(name), JSON.writeValueAsBytes(info));
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the upload of " + name, e);
        } finally {
            delete(work);
        }
    }

    /**
     * Removes the uploaded data set {@code name}: its description first (from then on it does not
     * exist for any service), then its archive, and this machine's unpacked copies. It holds the
     * name's claim meanwhile, so an upload of the same name cannot interleave with it (409 while
     * one is under way). False when there is none.
     */
    public boolean delete(String name) {
        try (NameClaims.Claim claim = claims.claim(name, () -> false)) {
            if (info(name).isEmpty()) {
                return false;
            }
            store.delete(StorageKeys.datasetInfo(name));
            store.delete(StorageKeys.datasetDigest(name));
            store.delete(StorageKeys.datasetArchive(name));
        }
        pruneCache(name, null);
        LOG.infof("data set %s deleted", name);
        return true;
    }

    /** What the uploaded data set {@code name} holds, if there is one. */
    public Optional<DatasetInfo> info(String name) {
        return store.find(StorageKeys.datasetInfo(name)).map(bytes -> {
            try {
                return JSON.readValue(bytes, DatasetInfo.class);
            } catch (IOException e) {
                throw new UncheckedIOException("the stored description of data set " + name + " is unreadable", e);
            }
        });
    }

    /** Every uploaded data set, by name. */
    public List<DatasetInfo> list() {
        List<DatasetInfo> all = new ArrayList<>();
        for (String name : store.children(StorageKeys.datasets())) {
            info(name).ifPresent(all::add);
        }
        return all;
    }

    /**
     * The folder of the uploaded data set {@code name} on this machine, unpacked on first use. It is
     * unpacked beside its place and moved there in one step, so services sharing the cache folder
     * never see half of it; when two unpack at once, the first move wins and the other's copy is dropped.
     */
    public synchronized Path folder(String name) {
        // Named by the archive's digest: a later upload under the same name (after a reset of object
        // storage) is unpacked afresh, never served from an old copy.
        String digest = new String(store.get(StorageKeys.datasetDigest(name)), java.nio.charset.StandardCharsets.US_ASCII);
        Path target = cache.resolve(StorageKeys.checkId(name) + "-" + digest.substring(0, 16));
        pruneCache(name, target.getFileName().toString());
        Path work = null;
        try {
            if (!Files.exists(target.resolve(UNPACKED))) {
                Files.createDirectories(cache);
                work = Files.createTempDirectory(cache, name + PART);
                Path archive = work.resolve("archive");
                store.download(StorageKeys.datasetArchive(name), archive);
                // Checked at upload; the limits stand again here in case the store was written to by other means.
                new ArchiveUnpacker(limits.unpackedBytes(), limits.entries()).unpack(archive, work.resolve("data"), () -> { });
                Files.delete(archive);
                Files.createFile(work.resolve(UNPACKED));
                try {
                    Files.move(work, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    work = null;
                } catch (java.nio.file.FileSystemException taken) {
                    // Another service on this machine unpacked it first (the move finds the place taken:
                    // Linux says "Directory not empty"); anything else is a real failure.
                    if (!Files.exists(target.resolve(UNPACKED))) {
                        throw taken;
                    }
                }
            }
            return UploadedArchive.root(target.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack data set " + name + " (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            delete(work);
        }
    }

    /**
     * Removes this machine's cached copies that no stored data set matches: for {@code name} (null:
     * every name) all but {@code keep}, those whose name's archive is gone or replaced, and unpacks
     * abandoned long ago. A service calls it at its start; {@link #folder} calls it for the name it reads.
     */
    public void pruneCache(String name, String keep) {
        if (!Files.isDirectory(cache)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> children = Files.list(cache)) {
            entries = children.toList();
        } catch (IOException e) {
            LOG.warnf("cannot list the data set cache: %s", e.getMessage());
            return;
        }
        for (Path entry : entries) {
            String file = entry.getFileName().toString();
            java.util.regex.Matcher cached = CACHED.matcher(file);
            if (file.contains(PART)) {
                if ((name == null || file.startsWith(name + PART)) && olderThan(entry, ABANDONED)) {
                    delete(entry);
                }
            } else if (cached.matches() && (name == null || cached.group(1).equals(name)) && !file.equals(keep)
                    && !current(cached.group(1), cached.group(2))) {
                LOG.infof("removing the unpacked copy %s: its data set was deleted or replaced", file);
                delete(entry);
            }
        }
    }

    private boolean current(String name, String digestPrefix) {
        if (!DataSets.isName(name)) {
            return false;
        }
        return store.find(StorageKeys.datasetDigest(name))
                .map(d -> new String(d, java.nio.charset.StandardCharsets.US_ASCII).startsWith(digestPrefix)).orElse(false);
    }

    private static boolean olderThan(Path p, Duration age) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(java.time.Instant.now().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies {@code in} to {@code file}, refusing it past {@code limit} bytes; returns its SHA-256 in hex. */
    private static String copyWithin(InputStream in, Path file, long limit, Runnable progress) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        try (OutputStream out = new java.security.DigestOutputStream(Files.newOutputStream(file), sha)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > limit) {
                    throw new UploadRefused(Reason.TOO_LARGE, String.format("the upload is larger than the limit of %,d bytes "
                            + "(alps.data.upload-limit-bytes)", limit));
                }
                out.write(buffer, 0, n);
                progress.run();
            }
        }
        if (total == 0) {
            throw new UploadRefused(Reason.INVALID, "the upload is empty: send a zip, tar or tar.gz of a data set folder");
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is no reason to fail the request.
        }
    }
}
