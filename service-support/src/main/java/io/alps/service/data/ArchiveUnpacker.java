package io.alps.service.data;

import io.alps.api.data.ShownNames;
import io.alps.service.data.UploadRefused.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an uploaded zip, tar or tar.gz into a folder and nothing outside it: only plain files and
 * folders, by relative names without {@code ..}; no links, devices, absolute or drive-letter names;
 * each name once. Unpacking stops at the first entry past the entry limit or the byte limit (bytes
 * are counted as written, whatever the archive declares). Every refusal names the entry; a damaged
 * archive is a refusal too, never a server error. The caller removes the folder of a refused unpack.
 */
final class ArchiveUnpacker {
    private static final int BUFFER = 1 << 16;

    private final long maxBytes;
    private final int maxEntries;

    ArchiveUnpacker(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** Unpacks {@code archive} into {@code into}; {@code progress} runs after every block written (to renew a claim). */
    void unpack(Path archive, Path into, Runnable progress) throws IOException {
        Path root = Files.createDirectories(into).toRealPath();
        long written = 0;
        int entries = 0;
        byte[] buffer = new byte[BUFFER];
        try (ArchiveInputStream<? extends ArchiveEntry> in = open(archive)) {
            for (ArchiveEntry entry; (entry = next(in, entries)) != null; ) {
                String name = entry.getName() == null ? "" : entry.getName();
                if (++entries > maxEntries) {
                    throw new UploadRefused(Reason.TOO_LARGE, String.format("the archive holds more than %,d entries "
                            + "(the limit, alps.data.archive-entry-limit); '%s' is entry %,d",
                            maxEntries, ShownNames.shown(name), entries));
                }
                Path target = inside(root, name, entry);
                if (entry.isDirectory()) {
                    create(name, () -> Files.createDirectories(target));
                    continue;
                }
                create(name, () -> Files.createDirectories(target.getParent()));
                OutputStream out = create(name, () -> Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
                try (out) {
                    for (int n; (n = read(in, buffer, name)) >= 0; ) {
                        written += n;
                        if (written > maxBytes) {
                            throw new UploadRefused(Reason.TOO_LARGE, String.format("the archive unpacks to more than "
                                    + "%,d bytes (the limit, alps.data.unpacked-limit-bytes); reached in entry '%s'",
                                    maxBytes, ShownNames.shown(name)));
                        }
                        out.write(buffer, 0, n);
                        progress.run();
                    }
                }
            }
        }
    }

    /** Where an entry lands, refusing any that could land outside {@code root} or is not a plain file or folder. */
    private static Path inside(Path root, String name, ArchiveEntry entry) {
        String shown = ShownNames.shown(name);
        String slashed = name.replace('\\', '/');
        if (entry instanceof TarArchiveEntry tar && (tar.isSymbolicLink() || tar.isLink())
                || entry instanceof ZipArchiveEntry zip && zip.isUnixSymlink()) {
            throw new UploadRefused(Reason.INVALID, "the archive entry '" + shown + "' is a link; send the files themselves");
        }
        if (entry instanceof TarArchiveEntry tar && (tar.isFIFO() || tar.isCharacterDevice() || tar.isBlockDevice()
                || !tar.isFile() && !tar.isDirectory())) {
            throw new UploadRefused(Reason.INVALID, "the archive entry '" + shown + "' is neither a file nor a folder");
        }
        if (slashed.isEmpty() || slashed.startsWith("/") || slashed.matches("[A-Za-z]:.*")
                || ("/" + slashed + "/").contains("/../") || slashed.indexOf('\0') >= 0) {
            throw new UploadRefused(Reason.INVALID, "the archive entry '" + shown + "' would land outside the data set "
                    + "(absolute name or '..'); names must be relative, inside the archive");
        }
        Path target;
        try {
            target = root.resolve(slashed).normalize();
        } catch (InvalidPathException e) {
            throw new UploadRefused(Reason.INVALID, "the archive entry '" + shown + "' has a name no file can have");
        }
        if (!target.startsWith(root) || (target.equals(root) && !entry.isDirectory())) {
            throw new UploadRefused(Reason.INVALID, "the archive entry '" + shown + "' would land outside the data set");
        }
        return target;
    }

    private interface FileStep<T> {
        T run() throws IOException;
    }

    /** Creates a folder or file for an entry; a name clash with an earlier entry is the archive's fault. */
    private static <T> T create(String name, FileStep<T> step) throws IOException {
        try {
            return step.run();
        } catch (FileSystemException e) {
            throw new UploadRefused(Reason.INVALID, "the archive entry '" + ShownNames.shown(name)
                    + "' cannot be unpacked: it clashes with an earlier entry or its name is not a valid file name ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static ArchiveEntry next(ArchiveInputStream<? extends ArchiveEntry> in, int entriesSoFar) {
        try {
            return in.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw damaged("after entry " + entriesSoFar, e);
        }
    }

    private static int read(InputStream in, byte[] buffer, String name) {
        try {
            return in.read(buffer);
        } catch (IOException | RuntimeException e) {
            throw damaged("in entry '" + ShownNames.shown(name) + "'", e);
        }
    }

    private static UploadRefused damaged(String where, Exception e) {
        if (e instanceof UploadRefused refused) {
            return refused;
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : ShownNames.shown(e.getMessage());
        return new UploadRefused(Reason.INVALID, "the archive is damaged or truncated " + where + " (" + why + ")");
    }

    private static ArchiveInputStream<? extends ArchiveEntry> open(Path archive) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
        try {
            in.mark(512);
            byte[] head = in.readNBytes(262);
            in.reset();
            if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                return new ZipArchiveInputStream(in, StandardCharsets.UTF_8.name(), true, true);
            }
            if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return new TarArchiveInputStream(new GzipCompressorInputStream(in));
            }
            if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
                return new TarArchiveInputStream(in);
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw damaged("at its start", e);
        }
        in.close();
        throw new UploadRefused(Reason.INVALID, "the upload is not a zip, tar or tar.gz archive");
    }
}
