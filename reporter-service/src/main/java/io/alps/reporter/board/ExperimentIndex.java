package io.alps.reporter.board;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Every experiment the board knows, newest request first, with what its list filters on. A few
 * dozen bytes each, so it holds every experiment while the full views stay in object storage.
 */
final class ExperimentIndex {
    /** What a list filters on; {@code status} is null until the experiment's view was read once since the start. */
    record Summary(String id, long requestedAtMs, Status status, String kind, String dataset) {
    }

    private record Place(long requestedAtMs, String id) {
    }

    private static final Comparator<Place> NEWEST_FIRST = Comparator.comparingLong(Place::requestedAtMs).reversed()
            .thenComparing(Place::id);

    private final java.util.concurrent.CountDownLatch loaded = new java.util.concurrent.CountDownLatch(1);
    private final ConcurrentSkipListSet<Place> order = new ConcurrentSkipListSet<>(NEWEST_FIRST);
    private final Map<String, Summary> summaries = new ConcurrentHashMap<>();

    /** Places the experiment in the order (once); a known summary is kept. */
    void place(String id, long requestedAtMs) {
        Summary before = summaries.putIfAbsent(id, new Summary(id, requestedAtMs, null, null, null));
        if (before == null) {
            order.add(new Place(requestedAtMs, id));
        }
    }

    /** Keeps what the experiment's view says now; an experiment without a requested time yet is not listed. */
    void update(ExperimentEntry e) {
        if (e.requestedAtMs == null) {
            return;
        }
        Summary before = summaries.put(e.id, new Summary(e.id, e.requestedAtMs, e.status, e.kind(), e.dataset));
        if (before == null) {
            order.add(new Place(e.requestedAtMs, e.id));
        } else if (before.requestedAtMs() != e.requestedAtMs) {
            order.remove(new Place(before.requestedAtMs(), e.id));
            order.add(new Place(e.requestedAtMs, e.id));
        }
    }

    /** The stored index is read (or could not be): a list can be answered. */
    void loaded() {
        loaded.countDown();
    }

    /** Waits until the stored index is read, so a list after a start is never missing older experiments. */
    void awaitLoaded() {
        try {
            loaded.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the experiment index", e);
        }
    }

    boolean contains(String id) {
        return summaries.containsKey(id);
    }

    Summary summary(String id) {
        return summaries.get(id);
    }

    int size() {
        return summaries.size();
    }

    /** The ids after {@code afterId} (from the newest when null or unknown), newest first. */
    Iterator<String> after(String afterId) {
        Summary from = afterId == null ? null : summaries.get(afterId);
        var tail = from == null ? order : order.tailSet(new Place(from.requestedAtMs(), afterId), false);
        Iterator<Place> places = tail.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return places.hasNext();
            }

            @Override
            public String next() {
                return places.next().id();
            }
        };
    }

    /** Experiments by status, of those whose status is known. */
    Map<Status, Long> countByStatus() {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0L);
        }
        for (Summary s : summaries.values()) {
            if (s.status() != null) {
                counts.merge(s.status(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
