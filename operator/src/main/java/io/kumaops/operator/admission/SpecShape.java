package io.kumaops.operator.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Go type a Kuma minor decodes a policy spec into, reduced to what admission depends on: which fields exist
 * (a field that minor does not know is dropped, as Go's decoder drops it) and which hold durations (decoded by Go's
 * {@code time.ParseDuration}, the first bad one in key order failing the whole request).
 *
 * <p>Kuma {@code pkg/plugins/runtime/k8s/webhooks/validation.go} and {@code defaulter.go}: the object is decoded into
 * the policy's Go type before anything is validated, and a decode error is the webhook's whole answer. The API server
 * sends the object with its keys sorted (it re-encodes the stored map), so that is the order the decoder meets them in.
 */
final class SpecShape {

    private enum Type { OBJECT, LIST, DURATION, INT_OR_STRING, VALUE }

    private static final SpecShape VALUE = new SpecShape(Type.VALUE, Map.of(), null);
    private static final SpecShape DURATION = new SpecShape(Type.DURATION, Map.of(), null);
    private static final SpecShape INT_OR_STRING = new SpecShape(Type.INT_OR_STRING, Map.of(), null);

    private final Type type;
    private final Map<String, SpecShape> fields;
    private final SpecShape item;

    private SpecShape(Type type, Map<String, SpecShape> fields, SpecShape item) {
        this.type = type;
        this.fields = fields;
        this.item = item;
    }

    /** Kept as written: a scalar, a string map, or a list whose items admission does not look into. */
    static SpecShape value() {
        return VALUE;
    }

    /** A {@code metav1.Duration}. */
    static SpecShape duration() {
        return DURATION;
    }

    /** A {@code intstr.IntOrString}. */
    static SpecShape intOrString() {
        return INT_OR_STRING;
    }

    static SpecShape list(SpecShape item) {
        return new SpecShape(Type.LIST, Map.of(), Objects.requireNonNull(item));
    }

    static Builder object() {
        return new Builder();
    }

    static final class Builder {

        private final Map<String, SpecShape> fields = new LinkedHashMap<>();

        Builder field(String name, SpecShape shape) {
            fields.put(name, shape);
            return this;
        }

        /** A field the Go type has only from some minor on. */
        Builder fieldIf(boolean known, String name, SpecShape shape) {
            return known ? field(name, shape) : this;
        }

        Builder values(String... names) {
            for (String name : names) {
                field(name, VALUE);
            }
            return this;
        }

        Builder durations(String... names) {
            for (String name : names) {
                field(name, DURATION);
            }
            return this;
        }

        SpecShape build() {
            return new SpecShape(Type.OBJECT, Map.copyOf(fields), null);
        }
    }

    /**
     * The spec as the Go type holds it: unknown fields and nulls dropped, durations as {@link Duration}; or the
     * decoder's error.
     */
    record Decoded(Map<String, Object> spec, String error) {

        boolean failed() {
            return error != null;
        }
    }

    Decoded decode(Map<String, Object> spec) {
        Decoder decoder = new Decoder();
        Object decoded = decoder.decode(this, spec);
        return decoder.error != null
                ? new Decoded(Map.of(), decoder.error)
                : new Decoded(Tree.map(decoded), null);
    }

    private static final class Decoder {

        private String error;

        Object decode(SpecShape shape, Object json) {
            if (error != null) {
                return null;
            }
            return switch (shape.type) {
                case VALUE -> json;
                case DURATION -> duration(json);
                case INT_OR_STRING -> intOrString(json);
                case LIST -> json instanceof List<?> items ? list(shape.item, items) : json;
                case OBJECT -> json instanceof Map<?, ?> map ? object(shape, map) : json;
            };
        }

        private Object list(SpecShape itemShape, List<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            for (Object each : items) {
                out.add(decode(itemShape, each));
                if (error != null) {
                    return null;
                }
            }
            return Collections.unmodifiableList(out);
        }

        private Object object(SpecShape shape, Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            List<String> keys = new ArrayList<>();
            map.keySet().forEach(key -> keys.add(String.valueOf(key)));
            keys.sort(TargetRefRules.GO_STRING_ORDER);
            for (String key : keys) {
                SpecShape field = shape.fields.get(key);
                Object value = map.get(key);
                if (field == null || value == null) {
                    continue;
                }
                Object decoded = decode(field, value);
                if (error != null) {
                    return null;
                }
                out.put(key, decoded);
            }
            return Collections.unmodifiableMap(out);
        }

        /**
         * {@code metav1.Duration.UnmarshalJSON}: the value must be a JSON string (the standard library's type error
         * otherwise, returned as it is, so it names no field) that {@code time.ParseDuration} accepts.
         */
        private Object duration(Object json) {
            if (json instanceof String text) {
                io.kumaops.operator.model.GoDuration.Parsed parsed = io.kumaops.operator.model.GoDuration.parseResult(text);
                if (!parsed.ok()) {
                    error = parsed.error();
                    return null;
                }
                return Duration.ofNanos(parsed.nanos());
            }
            error = "json: cannot unmarshal " + jsonType(json) + " into Go value of type string";
            return null;
        }

        /**
         * {@code intstr.IntOrString.UnmarshalJSON}: a JSON string, or else whatever the standard library decodes into
         * an int32 (its type error returned as it is).
         */
        private Object intOrString(Object json) {
            if (json instanceof String) {
                return json;
            }
            if (json instanceof Integer || json instanceof Short || json instanceof Byte) {
                return json;
            }
            if (json instanceof Long value && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                return value.intValue();
            }
            String value = json instanceof Number number ? "number " + number : jsonType(json);
            error = "json: cannot unmarshal " + value + " into Go value of type int32";
            return null;
        }

        private static String jsonType(Object json) {
            return json instanceof Number ? "number"
                    : json instanceof Boolean ? "bool"
                    : json instanceof Map ? "object"
                    : json instanceof List ? "array" : "string";
        }
    }
}
