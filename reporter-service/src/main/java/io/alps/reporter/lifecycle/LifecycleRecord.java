package io.alps.reporter.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The lifecycle owner's durable record of one experiment, kept in object storage: where its spec
 * and theta0 are, the keys of every finished round, and its status. Events already acted upon are
 * remembered, so a redelivered event does not repeat a decision.
 */
public final class LifecycleRecord {
    public enum Status { RUNNING, COMPLETED, FAILED, CANCELLED }

    public String experimentId;
    public String specKey;
    public Status status = Status.RUNNING;
    public String datasetName;
    public String theta0Key;
    /** Round r's complete result and trained network, in round order. */
    public List<String> resultKeys = new ArrayList<>();
    public List<String> checkpointKeys = new ArrayList<>();
    public String failureReason;
    /** The data set's classes in label order (the names people answer with). */
    public List<String> classNames = new ArrayList<>();
    /** The round held until people answer its label queries (oracle human), null when none is. */
    public HeldRound held;
    public Set<String> applied = new LinkedHashSet<>();

    /** A round the lifecycle will request once every label it trains on is answered. */
    public record HeldRound(int round, String labelsKey, String modelKey) {
    }

    public LifecycleRecord() {
    }

    LifecycleRecord(String experimentId, String specKey) {
        this.experimentId = experimentId;
        this.specKey = specKey;
    }

    boolean finished() {
        return status != Status.RUNNING;
    }

    /** Rounds whose complete result is stored. */
    int roundsDone() {
        return (int) resultKeys.stream().filter(java.util.Objects::nonNull).count();
    }

    void setRound(List<String> keys, int round, String key) {
        while (keys.size() <= round) {
            keys.add(null);
        }
        keys.set(round, key);
    }
}
