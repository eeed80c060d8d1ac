package io.alps.reporter.sweep;

import java.util.List;

/**
 * What {@code POST /sweeps} stored: the sweep as submitted and the experiment started for each of
 * its members, in {@link io.alps.api.sweep.SweepSpec#expand()} order. The sweep's state is this plus
 * its members' events, so a restarted reporter shows it again.
 */
public record SweepManifest(String id, String request, long createdAtMs, List<Member> members) {

    /** One member: its experiment and where it sits in the sweep. */
    public record Member(String experimentId, String configuration, long seed, String specHash) {
    }
}
