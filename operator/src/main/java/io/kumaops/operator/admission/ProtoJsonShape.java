package io.kumaops.operator.admission;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a protobuf message as Kuma decodes it ({@code pkg/util/proto/proto.go} {@code FromJSON}: the
 * legacy {@code jsonpb} unmarshaler with unknown fields allowed), to tell when Kuma fails to decode a spec or a
 * backend's {@code conf} before any rule runs, and with which Go error. Fields are checked in declaration order and
 * the first error wins, as jsonpb stops at it; {@code null} stands for an absent field.
 */
interface ProtoJsonShape {

    /** Go's error for a value that does not fit the shape, or null when it decodes. */
    String check(Object value);

    ProtoJsonShape STRING = value -> value instanceof String ? null : mismatch(value, "string", false);
    ProtoJsonShape BOOL = value -> value instanceof Boolean ? null : mismatch(value, "bool", false);
    ProtoJsonShape UINT32 = value -> checkNumber(value, "uint32", 0, 4_294_967_295L, true);
    ProtoJsonShape UINT32_VALUE = UINT32;
    ProtoJsonShape BOOL_VALUE = BOOL;
    ProtoJsonShape DOUBLE_VALUE = value -> checkDouble(value);
    ProtoJsonShape DURATION = value -> {
        if (!(value instanceof String text)) {
            return mismatch(value, "string", false);
        }
        io.kumaops.operator.model.GoDuration.Parsed parsed = io.kumaops.operator.model.GoDuration.parseResult(text);
        return parsed.ok() ? null : "bad Duration: " + parsed.error();
    };
    ProtoJsonShape STRUCT = value -> value instanceof Map ? null
            : "bad StructValue: " + mismatch(value, "map[string]json.RawMessage", false);
    ProtoJsonShape STRING_MAP = value -> {
        if (!(value instanceof Map<?, ?> map)) {
            return mismatch(value, "map[string]json.RawMessage", false);
        }
        for (Object item : map.values()) {
            if (item != null && !(item instanceof String)) {
                return mismatch(item, "string", false);
            }
        }
        return null;
    };

    /** A message: its fields in declaration order. */
    record Message(Map<String, ProtoJsonShape> fields) implements ProtoJsonShape {

        static Message of(Object... nameThenShape) {
            Map<String, ProtoJsonShape> fields = new LinkedHashMap<>();
            for (int i = 0; i < nameThenShape.length; i += 2) {
                fields.put((String) nameThenShape[i], (ProtoJsonShape) nameThenShape[i + 1]);
            }
            return new Message(fields);
        }

        @Override
        public String check(Object value) {
            if (!(value instanceof Map<?, ?> map)) {
                return mismatch(value, "map[string]json.RawMessage", false);
            }
            for (Map.Entry<String, ProtoJsonShape> field : fields.entrySet()) {
                Object item = map.get(field.getKey());
                if (item == null) {
                    continue;
                }
                String error = field.getValue().check(item);
                if (error != null) {
                    return error;
                }
            }
            return null;
        }
    }

    /** A repeated field. */
    record Repeated(ProtoJsonShape element) implements ProtoJsonShape {

        @Override
        public String check(Object value) {
            if (!(value instanceof List<?> list)) {
                return mismatch(value, "[]json.RawMessage", false);
            }
            for (Object item : list) {
                if (item == null) {
                    continue;
                }
                String error = element.check(item);
                if (error != null) {
                    return error;
                }
            }
            return null;
        }
    }

    /** An enum: by name, or by any 32-bit number (proto3 enums are open). */
    record Enum(String fullName, List<String> names) implements ProtoJsonShape {

        @Override
        public String check(Object value) {
            if (value instanceof String name) {
                return names.contains(name) ? null
                        : "unknown value " + GoQuote.quote(GoQuote.quote(name)) + " for enum " + fullName;
            }
            return checkNumber(value, "protoreflect.EnumNumber", Integer.MIN_VALUE, Integer.MAX_VALUE, false);
        }
    }

    private static String kindOf(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Map) {
            return "object";
        }
        return "array";
    }

    private static String mismatch(Object value, String goType, boolean withLiteral) {
        String kind = kindOf(value);
        if (withLiteral && value instanceof Number number) {
            kind = "number " + numberText(number);
        }
        return "json: cannot unmarshal " + kind + " into Go value of type " + goType;
    }

    private static String numberText(Number number) {
        if (number instanceof Double || number instanceof Float || number instanceof BigDecimal) {
            return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        return number.toString();
    }

    /** Integers, also quoted: jsonpb strips the quotes and reads what is inside as JSON. */
    private static String checkNumber(Object value, String goType, long min, long max, boolean quotesAllowed) {
        Object number = value;
        if (value instanceof String text && quotesAllowed) {
            number = parseJsonNumber(text);
            if (number == null) {
                return notJson(text, goType);
            }
        }
        if (!(number instanceof Number n)) {
            return mismatch(number, goType, false);
        }
        BigDecimal decimal = new BigDecimal(n.toString());
        // A quoted number reaches Go as written; a YAML float such as 5.0 reaches it as the JSON number 5.
        boolean integral = n instanceof BigDecimal written ? written.scale() <= 0 && !n.toString().contains("E")
                : decimal.stripTrailingZeros().scale() <= 0;
        if (!integral || decimal.compareTo(BigDecimal.valueOf(min)) < 0 || decimal.compareTo(BigDecimal.valueOf(max)) > 0) {
            return "json: cannot unmarshal number " + numberText(n) + " into Go value of type " + goType;
        }
        return null;
    }

    private static String checkDouble(Object value) {
        if (value instanceof Number) {
            return null;
        }
        if (value instanceof String text) {
            if (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
                return null;
            }
            Object number = parseJsonNumber(text);
            return number != null ? null : notJson(text, "float64");
        }
        return mismatch(value, "float64", false);
    }

    private static Object parseJsonNumber(String text) {
        if (text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return new BigDecimal(text);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        return null;
    }

    /** What {@code encoding/json} says of text that is not a JSON value at all. */
    private static String notJson(String text, String goType) {
        if (text.isEmpty()) {
            return "unexpected end of JSON input";
        }
        if (text.equals("true") || text.equals("false")) {
            return "json: cannot unmarshal bool into Go value of type " + goType;
        }
        char first = text.charAt(0);
        if (first == '"' || first == '{' || first == '[' || first == 'n') {
            return "json: cannot unmarshal " + (first == '"' ? "string" : first == '{' ? "object" : first == '[' ? "array" : "null")
                    + " into Go value of type " + goType;
        }
        return "invalid character " + goCharQuote(first) + " looking for beginning of value";
    }

    private static String goCharQuote(char c) {
        return c == '\'' ? "'\\''" : "'" + c + "'";
    }
}
