package io.alps.service.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alps.service.data.UploadRefused.Reason;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Lets one upload at a time hold a name (of a data set, or of a model), across reporters sharing object storage, with
 * nothing but plain puts, lists and deletes (which S3 and S3Proxy both order consistently).
 *
 * <p>A contender writes its own claim object under {@code datasets/<name>/claims/}, then lists the
 * claims. Alone, it holds the name, and marks its claim held. Beside a held claim it gives way at
 * once (409). Beside other contenders only, all withdraw and try again after a random pause, so one
 * of them ends up alone. Two can never both hold: each wrote before it listed, so the later lister
 * sees the earlier claim. A claim whose holder stopped renewing it ({@link UploadLimits#claimExpiry()},
 * judged by the claims' own time stamps) is ignored and removed, so a reporter that died mid-upload
 * frees the name.
 */
public final class NameClaims {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRIES = 40;
    private static final long RENEW_EVERY_MS = 30_000;

    /** What a claim object holds. */
    record ClaimRecord(String holder, boolean held, long renewedAtMs) {
    }

    private final ObjectStore store;
    /** The folder whose {@code <name>/claims/} holds a name's claims, and what the names name (for messages). */
    private final String folder;
    private final String noun;
    private final Duration expiry;
    private final LongSupplier clock;

    /** Claims on data set names. */
    NameClaims(ObjectStore store, Duration expiry, LongSupplier clock) {
        this(store, StorageKeys.datasets(), "data set", expiry, clock);
    }

    /** Claims on the names of the things kept under {@code folder} (a {@link StorageKeys} folder), called {@code noun}s. */
    public NameClaims(ObjectStore store, String folder, String noun, Duration expiry, LongSupplier clock) {
        this.store = store;
        this.folder = folder;
        this.noun = noun;
        this.expiry = expiry;
        this.clock = clock;
    }

    private String claimsOf(String name) {
        return folder + StorageKeys.checkId(name) + "/claims/";
    }

    /** The folder of a data set's claims (beside its archive; the archive keys come from {@link StorageKeys}). */
    static String claims(String name) {
        return StorageKeys.datasets() + StorageKeys.checkId(name) + "/claims/";
    }

    /**
     * Holds {@code name} for this upload, or refuses with 409 when another upload holds it or
     * {@code taken} says a data set of that name exists.
     */
    public Claim claim(String name, BooleanSupplier taken) {
        String key = claimsOf(name) + UUID.randomUUID();
        for (int attempt = 0; attempt < TRIES; attempt++) {
            if (taken.getAsBoolean()) {
                throw exists(name);
            }
            write(key, false);
            List<ClaimRecord> others = others(name, key);
            if (others.isEmpty()) {
                Claim claim = new Claim(key);
                claim.renew();
                if (taken.getAsBoolean()) {
                    // A winner that finished between our first look and our claim: its data set is there now.
                    claim.release();
                    throw exists(name);
                }
                return claim;
            }
            store.delete(key);
            if (others.stream().anyMatch(ClaimRecord::held)) {
                throw new UploadRefused(Reason.CONFLICT, "name: another upload of a " + noun + " named '" + name
                        + "' is under way");
            }
            pause();
        }
        throw new UploadRefused(Reason.CONFLICT, "name: other uploads of a " + noun + " named '" + name
                + "' are under way; try again");
    }

    private UploadRefused exists(String name) {
        return new UploadRefused(Reason.CONFLICT, "name: a " + noun + " named '" + name + "' exists already");
    }

    /** The live claims other than {@code own}; expired ones are removed on the way. */
    private List<ClaimRecord> others(String name, String own) {
        long now = clock.getAsLong();
        return store.list(claimsOf(name)).stream().filter(k -> !k.equals(own))
                .map(k -> read(k).filter(c -> {
                    if (now - c.renewedAtMs() > expiry.toMillis()) {
                        store.delete(k);
                        return false;
                    }
                    return true;
                })).flatMap(Optional::stream).toList();
    }

    private Optional<ClaimRecord> read(String key) {
        return store.find(key).map(bytes -> {
            try {
                return JSON.readValue(bytes, ClaimRecord.class);
            } catch (IOException e) {
                // A claim that cannot be read holds nothing; it is written whole by put, so this is only a foreign object.
                return null;
            }
        });
    }

    private void write(String key, boolean held) {
        try {
            store.put(key, JSON.writeValueAsBytes(new ClaimRecord(key, held, clock.getAsLong())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(20, 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to claim a data set name", e);
        }
    }

    /** A held name; renewed while the upload works, released when it ends either way. */
    public final class Claim implements AutoCloseable {
        private final String key;
        private long renewedAtMs;

        private Claim(String key) {
            this.key = key;
        }

        private void renew() {
            renewedAtMs = clock.getAsLong();
            write(key, true);
        }

        /** Renews the claim when it was last written long enough ago; cheap to call often. */
        public void keepAlive() {
            if (clock.getAsLong() - renewedAtMs >= Math.min(RENEW_EVERY_MS, expiry.toMillis() / 3)) {
                renew();
            }
        }

        void release() {
            store.delete(key);
        }

        @Override
        public void close() {
            release();
        }
    }
}
