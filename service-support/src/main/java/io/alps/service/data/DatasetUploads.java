package io.alps.service.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.api.data.DatasetInfo;
import io.alps.api.data.DatasetLayout;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import java.io.BufferedInputStream;
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
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Data sets sent to the API as an archive (zip, tar or tar.gz of a data set folder: train/ and
 * test/ class folders, or the CIFAR-10 or Fashion-MNIST files). The archive is read as it arrives
 * into a temporary file, refused past the size limit, unpacked and checked like a registered
 * folder, and kept in object storage with what it holds; an ML service unpacks it once into its
 * cache folder when a spec first names it.
 */
public final class DatasetUploads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNPACKED = ".unpacked";

    /** An upload refused: too large, not an archive, or not a data set; the message names what is wrong. */
    public static final class UploadRefused extends RuntimeException {
        private final boolean tooLarge;

        UploadRefused(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }

    private final ObjectStore store;
    private final Path cache;
    private final long limitBytes;

    public DatasetUploads(ObjectStore store, Path cache, long limitBytes) {
        this.store = store;
        this.cache = cache;
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** Keeps the archive {@code body} as data set {@code name} and returns what it holds. */
    public DatasetInfo store(String name, InputStream body) {
        Path work = null;
        try {
            work = Files.createTempDirectory("alps-upload");
            Path archive = work.resolve("archive");
            String digest = copyWithin(body, archive, limitBytes);
            Path root = unpack(archive, work.resolve("data"), 4 * limitBytes);
            DatasetInfo info;
            try {
                info = DatasetLayout.describe(name, root);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new UploadRefused("the archive holds no data set: " + e.getMessage().replace(root.toString(), "")
                        .replace(work.toString(), ""), false);
            }
            store.put(StorageKeys.datasetArchive(name), archive);
            store.put(StorageKeys.datasetDigest(name), digest.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            store.put(StorageKeys.datasetInfo(name), JSON.writeValueAsBytes(info));
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the upload of " + name, e);
        } finally {
            delete(work);
        }
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
        Path work = null;
        try {
            if (!Files.exists(target.resolve(UNPACKED))) {
                Files.createDirectories(cache);
                work = Files.createTempDirectory(cache, name + ".part-");
                Path archive = work.resolve("archive");
                store.download(StorageKeys.datasetArchive(name), archive);
                unpack(archive, work.resolve("data"), Long.MAX_VALUE);
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
            return root(target.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack data set " + name + " (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            delete(work);
        }
    }

    /** Copies {@code in} to {@code file}, refusing it past {@code limit} bytes; returns its SHA-256 in hex. */
    private static String copyWithin(InputStream in, Path file, long limit) throws IOException {
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
                    throw new UploadRefused("the upload is larger than the limit of " + limit + " bytes "
                            + "(alps.data.upload-limit-bytes)", true);
                }
                out.write(buffer, 0, n);
            }
        }
        if (total == 0) {
            throw new UploadRefused("the upload is empty: send a zip, tar or tar.gz of a data set folder", false);
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Unpacks a zip, tar or tar.gz into {@code into}; an entry that would land outside it, a link,
     * or more than {@code limit} unpacked bytes is refused. Returns the data set's folder: {@code into}
     * itself, or its only folder when the archive wraps everything in one.
     */
    static Path unpack(Path archive, Path into, long limit) throws IOException {
        Files.createDirectories(into);
        long total = 0;
        try (ArchiveInputStream<? extends ArchiveEntry> entries = open(archive)) {
            for (ArchiveEntry e; (e = entries.getNextEntry()) != null; ) {
                String name = e.getName().replace('\\', '/');
                Path target = into.resolve(name).normalize();
                if (name.startsWith("/") || !target.startsWith(into)) {
                    throw new UploadRefused("the archive entry '" + name + "' would land outside the data set", false);
                }
                if (e instanceof org.apache.commons.compress.archivers.tar.TarArchiveEntry t && (t.isSymbolicLink() || t.isLink())) {
                    throw new UploadRefused("the archive entry '" + name + "' is a link; send the files themselves", false);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                byte[] buffer = new byte[1 << 16];
                try (OutputStream out = Files.newOutputStream(target)) {
                    for (int n; (n = entries.read(buffer)) >= 0; ) {
                        total += n;
                        if (total > limit) {
                            throw new UploadRefused("the archive unpacks to more than " + limit + " bytes", true);
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
        }
        return root(into);
    }

    private static Path root(Path into) throws IOException {
        if (DatasetLayout.kindOf(into).isPresent()) {
            return into;
        }
        try (Stream<Path> children = Files.list(into)) {
            List<Path> all = children.filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals("__MACOSX")).toList();
            return all.size() == 1 && Files.isDirectory(all.get(0)) ? all.get(0) : into;
        }
    }

    private static ArchiveInputStream<? extends ArchiveEntry> open(Path archive) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(archive));
        in.mark(512);
        byte[] head = in.readNBytes(262);
        in.reset();
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return new ZipArchiveInputStream(in);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return new TarArchiveInputStream(new GzipCompressorInputStream(in));
        }
        if (head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
            return new TarArchiveInputStream(in);
        }
        in.close();
        throw new UploadRefused("the upload is not a zip, tar or tar.gz archive", false);
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
