package io.alps.events;

/**
 * Deterministic event ids: the same step of the same experiment and round always produces the same
 * id, so a consumer recognises a redelivered or re-sent event (at-least-once delivery).
 */
public final class EventIds {
    private EventIds() {
    }

    public static String of(String experimentId, String step, int round) {
        return experimentId + "/" + step + "/r" + round;
    }

    public static String of(String experimentId, String step) {
        return experimentId + "/" + step;
    }
}
