package io.alps.reporter.api;

import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on a submit: a retried request (the client never saw the answer) gets
 * the first answer again instead of starting a second experiment. Answers are kept in object
 * storage, so a retry after a reporter restart is recognised too.
 */
@ApplicationScoped
public class Idempotency {
    /** The first accepted answer to a key: on which endpoint, and its body. */
    public record Answer(String endpoint, String body) {
    }

    private final ExperimentStore store;
    private final SecurityIdentity identity;
    /** One lock per client's key: a retry waits for its first try, other submits never do. */
    private final io.alps.reporter.concurrent.KeyedLocks keys = new io.alps.reporter.concurrent.KeyedLocks();

    public Idempotency(ExperimentStore store, SecurityIdentity identity) {
        this.store = store;
        this.identity = identity;
    }

    /** Runs {@code submit} unless {@code key} was answered before; remembers an accepted (202) answer. */
    public Response once(String key, String endpoint, Supplier<Response> submit) {
        if (key == null || key.isBlank()) {
            return submit.get();
        }
        String storageKey = StorageKeys.request(identity.getPrincipal().getName(), key);
        return keys.with(storageKey, () -> firstOrRepeat(storageKey, endpoint, submit));
    }

    private Response firstOrRepeat(String storageKey, String endpoint, Supplier<Response> submit) {
        Optional<Answer> earlier = store.findJson(storageKey, Answer.class);
        if (earlier.isPresent()) {
            if (!earlier.get().endpoint().equals(endpoint)) {
                return Response.status(400).entity(new ExperimentResource.Invalid(List.of("Idempotency-Key: already used "
                        + "for a request to " + earlier.get().endpoint()))).build();
            }
            return Response.accepted(earlier.get().body()).type(MediaType.APPLICATION_JSON).build();
        }
        Response answer = submit.get();
        if (answer.getStatus() == 202) {
            store.putJson(storageKey, new Answer(endpoint, store.toJson(answer.getEntity())));
        }
        return answer;
    }
}
