package io.kumaops.operator.observe;

import io.kumaops.operator.model.DataplaneInsightDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per mesh, the last reading of its DataplaneInsights (one reading lists every insight of the mesh): a mesh is read at
 * most once per interval, failed attempts included, and passes in between reuse the last digest. Every wait and finding
 * that names data planes shares this one reading per mesh.
 */
final class InsightReadings {

    /** Readings older than this many intervals belong to meshes no pass asks about any more; they are dropped. */
    private static final int KEPT_FOR_INTERVALS = 10;

    /** One attempt: when, and what it gave (null when the read failed). */
    private record Reading(Instant at, DataplaneInsightDigest digest) {
    }

    private final Duration interval;
    private final Map<String, Reading> byMesh = new ConcurrentHashMap<>();

    InsightReadings(Duration interval) {
        this.interval = interval;
    }

    /** The mesh's digest as of the last reading younger than the interval, else as {@code read} gives it now (null: failed). */
    DataplaneInsightDigest digest(String mesh, Instant now, Supplier<DataplaneInsightDigest> read) {
        Reading last = byMesh.get(mesh);
        if (last == null || !now.isBefore(last.at().plus(interval))) {
            last = new Reading(now, read.get());
            byMesh.put(mesh, last);
            Instant stale = now.minus(interval.multipliedBy(KEPT_FOR_INTERVALS));
            byMesh.values().removeIf(reading -> reading.at().isBefore(stale));
        }
        return last.digest();
    }

    /** The mesh has nothing to name any more: its reading goes, and the next question reads afresh. */
    void forget(String mesh) {
        byMesh.remove(mesh);
    }

    int meshesKept() {
        return byMesh.size();
    }
}
