package io.alps.ml.data;

import io.alps.api.model.ImageShape;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decoded images in one file, read where they lie instead of held in memory: a data set larger
 * than the process's memory trains and scores with its resident memory bounded by one batch.
 *
 * <p>The file: a 32-byte header (magic {@code ALPSIMG1}, channels, height, width, image count,
 * where the trailer starts), the images one after another (one byte per channel value, CHW,
 * {@code c*h*w} bytes each, so image {@code i} starts at {@code 32 + i*c*h*w}), then the trailer:
 * class names, every image's label, its file name if it has one, and the per-channel statistics of
 * the images ({@link Normalisation}) gathered while they were written. A store is written to a
 * temporary file beside its place and renamed into it in one step when complete, so a reader
 * never sees half a store, and processes building the same store at once each rename a whole one.
 */
public final class ImageStore {
    private static final byte[] MAGIC = "ALPSIMG1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 32;
    private static final Cleaner CLEANER = Cleaner.create();

    private final Path file;
    private final FileChannel channel;
    private final ImageShape shape;
    private final int[] labels;
    private final List<String> names;
    private final List<String> classNames;
    private final Normalisation statistics;

    private ImageStore(Path file, FileChannel channel, ImageShape shape, int[] labels, List<String> names,
                       List<String> classNames, Normalisation statistics) {
        this.file = file;
        this.channel = channel;
        this.shape = shape;
        this.labels = labels;
        this.names = names;
        this.classNames = classNames;
        this.statistics = statistics;
        // Datasets share a store without owning it: the file closes once none can read it any more.
        CLEANER.register(this, () -> {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing is left to read through it.
            }
        });
    }

    /** Opens a complete store; a file that is not one is an error naming it. */
    public static ImageStore open(Path file) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // positional reads until the header is in
            }
            header.flip();
            byte[] magic = new byte[MAGIC.length];
            if (header.remaining() < HEADER || !Arrays.equals(magic(header, magic), MAGIC)) {
                throw new DataException(file + " is not an image store");
            }
            ImageShape shape = new ImageShape(header.getInt(), header.getInt(), header.getInt());
            int count = header.getInt();
            long trailer = header.getLong();
            if (trailer != HEADER + (long) count * shape.pixels() || trailer > channel.size()) {
                throw new DataException(file + " is not a complete image store");
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Channels.newInputStream(channel.position(trailer)), 1 << 16));
            List<String> classNames = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                classNames.add(in.readUTF());
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readInt();
            }
            List<String> names = null;
            if (in.readBoolean()) {
                names = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    names.add(in.readUTF());
                }
            }
            float[] mean = new float[shape.channels()];
            float[] std = new float[shape.channels()];
            for (int c = 0; c < shape.channels(); c++) {
                mean[c] = in.readFloat();
                std[c] = in.readFloat();
            }
            return new ImageStore(file, channel, shape, labels, names == null ? null : List.copyOf(names),
                    List.copyOf(classNames), new Normalisation(mean, std));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException("cannot read the image store " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] magic(ByteBuffer header, byte[] into) {
        header.get(into);
        return into;
    }

    /**
     * A writer of a store for {@code target} keeping at most {@code limit} images (0: all); the
     * store appears at {@code target} only through {@link Writer#commit()}.
     */
    public static Writer create(Path target, ImageShape shape, List<String> classNames, int limit) {
        return new Writer(target, shape, classNames, limit);
    }

    /**
     * Reads images {@code [first, first + count)} into {@code into} (from its position; it must have
     * room), in as many positional reads as the system needs: the file's pages stay the system's cache
     * and never count as this process's memory.
     */
    public void read(int first, int count, ByteBuffer into) {
        long position = HEADER + (long) first * shape.pixels();
        int end = into.position() + count * shape.pixels();
        ByteBuffer window = into.duplicate().limit(end);
        try {
            while (window.hasRemaining()) {
                int n = channel.read(window, position);
                if (n < 0) {
                    throw new DataException(file + " ends early: the image store was cut short");
                }
                position += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        into.position(end);
    }

    public Path file() {
        return file;
    }

    public ImageShape shape() {
        return shape;
    }

    public int size() {
        return labels.length;
    }

    /** A copy of every image's label. */
    public int[] labels() {
        return labels.clone();
    }

    /** Each image's file, or null when the images have none. */
    public List<String> names() {
        return names;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Per-channel statistics of this store's images (a training store's standardise both parts). */
    public Normalisation statistics() {
        return statistics;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the first error is the one to report.
            }
        }
    }

    /** Writes a store image by image; {@link #close()} without {@link #commit()} leaves nothing behind. */
    public static final class Writer implements ImageSink, AutoCloseable {
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final ImageShape shape;
        private final List<String> classNames;
        private final int limit;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        private final Normalisation.Statistics statistics;
        private final List<String> names = new ArrayList<>();
        private int[] labels = new int[1024];
        private int size;
        private boolean named;
        private boolean committed;

        private Writer(Path target, ImageShape shape, List<String> classNames, int limit) {
            this.target = target;
            this.shape = shape;
            this.classNames = List.copyOf(classNames);
            this.limit = limit;
            this.statistics = new Normalisation.Statistics(shape);
            try {
                Files.createDirectories(target.toAbsolutePath().getParent());
                removeAbandoned(target);
                temp = target.resolveSibling(target.getFileName() + ".part-" + ProcessHandle.current().pid() + "-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                channel.position(HEADER);
            } catch (IOException e) {
                throw new DataException("cannot write an image store in " + target.getParent() + ": " + e.getMessage()
                        + " (set " + StoreFolder.PROPERTY + " or " + StoreFolder.ENV + " to a writable folder)", e);
            }
        }

        /** Temporary files of this store a writer left a day ago or more: its process died while writing. */
        private static void removeAbandoned(Path target) throws IOException {
            String prefix = target.getFileName() + ".part-";
            java.time.Instant dayAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
            try (java.util.stream.Stream<Path> siblings = Files.list(target.toAbsolutePath().getParent())) {
                for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                    try {
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(dayAgo)) {
                            Files.deleteIfExists(p);
                        }
                    } catch (IOException gone) {
                        // Another process finished or removed it meanwhile.
                    }
                }
            }
        }

        @Override
        public boolean wantsMore() {
            return limit <= 0 || size < limit;
        }

        public int size() {
            return size;
        }

        @Override
        public void add(byte[] pixels, int offset, int label, String name) {
            if (!wantsMore()) {
                return;
            }
            statistics.add(pixels, offset);
            try {
                int left = shape.pixels();
                int from = offset;
                while (left > 0) {
                    int n = Math.min(left, buffer.remaining());
                    buffer.put(pixels, from, n);
                    from += n;
                    left -= n;
                    if (!buffer.hasRemaining()) {
                        flush();
                    }
                }
            } catch (IOException e) {
                throw new DataException("cannot write the image store " + temp + ": " + e.getMessage(), e);
            }
            if (size == labels.length) {
                labels = Arrays.copyOf(labels, size * 2);
            }
            labels[size++] = label;
            names.add(name);
            named |= name != null;
        }

        private void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        /** Completes the store, moves it into its place (replacing one another process made) and opens it. */
        public ImageStore commit() {
            try {
                flush();
                long trailer = channel.position();
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
                out.writeInt(classNames.size());
                for (String c : classNames) {
                    out.writeUTF(c);
                }
                for (int i = 0; i < size; i++) {
                    out.writeInt(labels[i]);
                }
                out.writeBoolean(named);
                if (named) {
                    for (String n : names) {
                        out.writeUTF(n == null ? "" : n);
                    }
                }
                Normalisation stats = statistics.result();
                for (int c = 0; c < shape.channels(); c++) {
                    out.writeFloat(stats.mean()[c]);
                    out.writeFloat(stats.std()[c]);
                }
                out.flush();
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                header.put(MAGIC).putInt(shape.channels()).putInt(shape.height()).putInt(shape.width())
                        .putInt(size).putLong(trailer).flip();
                while (header.hasRemaining()) {
                    channel.write(header, header.position());
                }
                channel.force(true);
                channel.close();
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                committed = true;
            } catch (IOException e) {
                throw new DataException("cannot write the image store " + target + ": " + e.getMessage(), e);
            } finally {
                if (!committed) {
                    close();
                }
            }
            return open(target);
        }

        @Override
        public void close() {
            if (committed) {
                return;
            }
            closeQuietly(channel);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // A leftover temporary file is never mistaken for a store.
            }
        }
    }
}
