package io.alps.service.messaging;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.alps.service.storage.ObjectStore;
import io.alps.service.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes a step idempotent under redelivery. A step's outputs go to storage first and the event it
 * sends last, so the stored event proves the work is complete: a redelivered input finds it and
 * sends the same event again (same deterministic id) instead of repeating the work.
 */
@ApplicationScoped
public class StepLedger {
    private final ObjectStore store;
    private final KeyLocks inProcess = new KeyLocks();

    public StepLedger(ObjectStore store) {
        this.store = store;
    }

    /** The outcome of a step: its event and whether it came from an earlier run. */
    public record Outcome<T>(T event, boolean replayed) {
    }

    public <T extends MessageLite> Outcome<T> once(String experimentId, int round, String step, Parser<T> parser,
                                                   Supplier<T> work) {
        return once(StorageKeys.sentEvent(experimentId, round, step), parser, work);
    }

    /** As {@link #once(String, int, String, Parser, Supplier)} for a step outside the rounds. */
    public <T extends MessageLite> Outcome<T> once(String experimentId, String step, Parser<T> parser, Supplier<T> work) {
        return once(StorageKeys.sentEvent(experimentId, step), parser, work);
    }

    /**
     * As {@link #once(String, int, String, Parser, Supplier)}, and the work runs on one instance at a
     * time: while another live instance does it, this one waits for its stored event and re-sends that.
     */
    public <T extends MessageLite> Outcome<T> onceAlone(String experimentId, int round, String step, Parser<T> parser,
                                                        StepClaims claims, Runnable whileWaiting, Supplier<T> work) {
        return alone(StorageKeys.sentEvent(experimentId, round, step), StorageKeys.claim(experimentId, round, step),
                parser, claims, whileWaiting, work);
    }

    /** As {@link #onceAlone(String, int, String, Parser, StepClaims, Runnable, Supplier)} for a step outside the rounds. */
    public <T extends MessageLite> Outcome<T> onceAlone(String experimentId, String step, Parser<T> parser,
                                                        StepClaims claims, Runnable whileWaiting, Supplier<T> work) {
        return alone(StorageKeys.sentEvent(experimentId, step), StorageKeys.claim(experimentId, step), parser, claims,
                whileWaiting, work);
    }

    /** The event a step of a round stored, if it is done. */
    public <T extends MessageLite> Optional<T> stored(String experimentId, int round, String step, Parser<T> parser) {
        return store.find(StorageKeys.sentEvent(experimentId, round, step)).map(bytes -> parse(bytes, parser,
                StorageKeys.sentEvent(experimentId, round, step)));
    }

    private static <T extends MessageLite> T parse(byte[] bytes, Parser<T> parser, String key) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored event " + key + " is corrupt: " + e.getMessage(), e);
        }
    }

    private <T extends MessageLite> Outcome<T> alone(String key, String claimKey, Parser<T> parser, StepClaims claims,
                                                     Runnable whileWaiting, Supplier<T> work) {
        // The claim in storage keeps other instances out, the lock this process's other workers.
        return inProcess.with(claimKey, whileWaiting, () -> {
            while (true) {
                StepClaims.Turn turn = claims.awaitOthers(claimKey, () -> store.exists(key), whileWaiting);
                Outcome<T> outcome;
                try {
                    outcome = once(key, parser, () -> claims.holding(claimKey, turn, work));
                } catch (StepClaims.Taken e) {
                    continue; // another instance claimed it just before this one: wait for it instead
                }
                if (!outcome.replayed()) {
                    claims.release(claimKey); // only now: until the event is stored, a waiter must not start
                }
                return outcome;
            }
        });
    }

    private <T extends MessageLite> Outcome<T> once(String key, Parser<T> parser, Supplier<T> work) {
        Optional<byte[]> done = store.find(key);
        if (done.isPresent()) {
            return new Outcome<>(parse(done.get(), parser, key), true);
        }
        T event = work.get();
        store.put(key, event.toByteArray());
        return new Outcome<>(event, false);
    }
}
