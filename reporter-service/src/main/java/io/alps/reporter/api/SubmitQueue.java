package io.alps.reporter.api;

import io.alps.reporter.board.ExperimentBoard;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many experiments each token has queued or running, so one client cannot fill the trainers'
 * queue for everyone (429 past {@link SubmitLimits#queuedPerToken()}). Counted since this reporter
 * started: a restarted reporter starts counting again.
 */
@ApplicationScoped
public class SubmitQueue {
    private final ExperimentBoard board;
    private final SubmitLimits limits;
    private final SecurityIdentity identity;
    private final Map<String, Set<String>> open = new HashMap<>();

    public SubmitQueue(ExperimentBoard board, SubmitLimits limits, SecurityIdentity identity) {
        this.board = board;
        this.limits = limits;
        this.identity = identity;
    }

    /**
     * Counts {@code ids} against the calling token if they fit, and returns null; otherwise counts
     * nothing and says why they are refused.
     */
    public synchronized String reserve(List<String> ids) {
        Set<String> mine = open.computeIfAbsent(identity.getPrincipal().getName(), k -> new HashSet<>());
        mine.removeIf(board::finished);
        if (mine.size() + ids.size() > limits.queuedPerToken()) {
            return String.format("queue full: this token has %d experiments queued or running and asks for %d more; "
                    + "the limit is %d (alps.limits.queued-per-token)", mine.size(), ids.size(), limits.queuedPerToken());
        }
        mine.addAll(ids);
        return null;
    }

    /** Takes back a reservation whose experiments were not started after all. */
    public synchronized void release(List<String> ids) {
        open.getOrDefault(identity.getPrincipal().getName(), new HashSet<>()).removeAll(ids);
    }
}
