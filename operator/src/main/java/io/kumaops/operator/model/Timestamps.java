package io.kumaops.operator.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the RFC 3339 times the operator meets: its own status records (written by {@code DateTimeFormatter.ISO_INSTANT})
 * and Kuma's reports (protobuf's JSON timestamps, which may carry an offset). The one reader of such times.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** The instant, or null when the value is absent, not text, or malformed: callers then treat the time as unknown. */
    public static Instant parse(Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
