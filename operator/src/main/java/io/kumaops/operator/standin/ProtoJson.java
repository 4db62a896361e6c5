package io.kumaops.operator.standin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;

/**
 * How Kuma writes its proto messages into the {@code spec} or {@code status} of a Kubernetes object: golang/protobuf's
 * {@code jsonpb.Marshaler{}} with its defaults (Kuma pkg/util/proto/proto.go {@code ToJSON}, used by
 * pkg/plugins/resources/k8s/native/api/v1alpha1/spec.go {@code ToSpec}). So: lowerCamelCase field names, zero
 * scalars and empty maps or lists left out, a present message written even when empty ({@code {}}), 64-bit
 * integers as strings, timestamps as RFC 3339 in UTC.
 */
final class ProtoJson {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private ProtoJson() {
    }

    /** A google.protobuf.Timestamp: fractions in groups of 3 digits with trailing zero groups dropped, as jsonpb does. */
    static String timestamp(long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        String text = SECONDS.format(instant);
        int millis = instant.getNano() / 1_000_000;
        return millis == 0 ? text + "Z" : text + "." + String.format("%03d", millis) + "Z";
    }

    static void uint32(Map<String, Object> into, String field, long value) {
        if (value != 0) {
            into.put(field, value);
        }
    }

    /** uint64 fields are JSON strings in the proto3 JSON mapping. */
    static void uint64(Map<String, Object> into, String field, long value) {
        if (value != 0) {
            into.put(field, Long.toString(value));
        }
    }

    static void string(Map<String, Object> into, String field, String value) {
        if (value != null && !value.isEmpty()) {
            into.put(field, value);
        }
    }

    static void bool(Map<String, Object> into, String field, boolean value) {
        if (value) {
            into.put(field, true);
        }
    }

    static void nonEmpty(Map<String, Object> into, String field, Map<?, ?> value) {
        if (value != null && !value.isEmpty()) {
            into.put(field, value);
        }
    }

    static void nonEmpty(Map<String, Object> into, String field, Collection<?> value) {
        if (value != null && !value.isEmpty()) {
            into.put(field, value);
        }
    }
}
