package io.alps.service.data;

import io.alps.api.data.DataLimitExceeded;
import io.alps.api.data.DatasetInfo;
import io.alps.api.data.DatasetLayout;
import io.alps.api.data.ImageHeaders;
import io.alps.api.spec.DatasetKind;
import io.alps.service.data.UploadRefused.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns an uploaded archive into a checked data set folder: unpacked within the limits, then
 * described like a registered folder, with every image's header read. Anything wrong is an
 * {@link UploadRefused} naming the entry or file inside the archive; the caller removes the folder.
 */
final class UploadedArchive {
    private final UploadLimits limits;

    UploadedArchive(UploadLimits limits) {
        this.limits = limits;
    }

    /** Unpacks {@code archive} into {@code into} and returns what the data set in it holds. */
    DatasetInfo unpackAndCheck(String name, Path archive, Path into, Runnable progress) throws IOException {
        new ArchiveUnpacker(limits.unpackedBytes(), limits.entries()).unpack(archive, into, progress);
        Path root = root(into);
        if (DatasetLayout.kindOf(root).isEmpty()) {
            throw new UploadRefused(Reason.INVALID, "the archive holds no data set: it holds neither " + DatasetLayout.LAYOUTS);
        }
        String inArchive = root.equals(into) ? "" : into.relativize(root).toString().replace('\\', '/') + "/";
        DatasetInfo info;
        try {
            info = DatasetLayout.describe(name, root);
            if (DatasetKind.parse(info.kind()) == DatasetKind.FOLDER) {
                ImageHeaders.checkFolder(root, inArchive, limits.imagePixels());
            }
        } catch (DataLimitExceeded e) {
            throw new UploadRefused(Reason.TOO_LARGE, e.getMessage() + " (alps.data.image-pixel-limit)");
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UploadRefused(Reason.INVALID, "the archive's data set is not usable: " + e.getMessage()
                    .replace(root.toString(), "").replace(into.toString(), ""));
        }
        if (info.train() == 0 || info.test() == 0) {
            throw new UploadRefused(Reason.INVALID, "the archive's data set is not usable: it has " + info.train()
                    + " training and " + info.test() + " test images; both parts need at least one");
        }
        return info;
    }

    /** The data set's folder: {@code into} itself, or its only folder when the archive wraps everything in one. */
    static Path root(Path into) throws IOException {
        if (DatasetLayout.kindOf(into).isPresent()) {
            return into;
        }
        try (Stream<Path> children = Files.list(into)) {
            List<Path> all = children.filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals("__MACOSX")).toList();
            return all.size() == 1 && Files.isDirectory(all.get(0)) ? all.get(0) : into;
        }
    }
}
