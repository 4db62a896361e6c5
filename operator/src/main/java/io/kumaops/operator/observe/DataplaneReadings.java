package io.kumaops.operator.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What a pass read of the Dataplanes (the mesh's census, which mesh shares a namespace), kept for the next passes for
 * as long as no Dataplane changed. A gate can hold a profile for minutes with a pass every few seconds; without this,
 * each of those passes would page through every Dataplane of the mesh again, so the cost of waiting would grow with the
 * mesh. The Dataplane watch ({@link DataplaneChurnEventSource}) drops every reading on any event and whenever its watch
 * opens or closes; while no watch is open nothing is kept, so a reading is only reused while the watch vouches for it.
 * A reading older than {@link #MAX_AGE} is taken again anyway: a lost event costs at most that.
 */
public final class DataplaneReadings {

    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();
    private volatile boolean watched;

    private record Reading(long generation, Instant readAt, Object value) {
    }

    public DataplaneReadings(Clock clock) {
        this.clock = clock;
    }

    /**
     * The reading under {@code key}, taken by {@code read} unless one taken since the last Dataplane change is kept. A
     * change seen while {@code read} runs means the reading may already be stale: it is returned but not kept.
     */
    @SuppressWarnings("unchecked")
    <T> T remember(String key, Supplier<T> read) {
        if (!watched) {
            return read.get();
        }
        long before = generation.get();
        Instant now = clock.instant();
        Reading kept = readings.get(key);
        if (kept != null && kept.generation() == before && now.isBefore(kept.readAt().plus(MAX_AGE))) {
            return (T) kept.value();
        }
        T value = read.get();
        if (watched && generation.get() == before) {
            readings.put(key, new Reading(before, now, value));
        }
        return value;
    }

    /** A Dataplane was added, changed or deleted (or events may have been missed): nothing kept is trusted. */
    public void changed() {
        generation.incrementAndGet();
        readings.clear();
    }

    /** Whether a watch now reports every Dataplane change; opening or losing it drops what is kept. */
    public void watched(boolean value) {
        watched = value;
        changed();
    }

    /** How many readings are kept (for tests). */
    int kept() {
        return readings.size();
    }
}
