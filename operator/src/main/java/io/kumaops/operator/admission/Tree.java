package io.kumaops.operator.admission;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-safe reads of a parsed YAML/JSON tree (maps, lists, scalars), as the validators need them. */
public final class Tree {

    private Tree() {
    }

    /** The value as a map, or an empty map when absent or not a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The value as a list, or an empty list when absent or not a list. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /** The value as a string (scalars in their YAML text form), or null when absent. */
    public static String string(Object value) {
        return value == null || value instanceof Map || value instanceof List ? null : String.valueOf(value);
    }

    /** A string-to-string map (labels, tags), scalars turned to text; empty when absent. */
    public static Map<String, String> stringMap(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        map(value).forEach((key, item) -> out.put(key, item == null ? "" : String.valueOf(item)));
        return out;
    }

    public static boolean isPresent(Map<String, Object> map, String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    /** Present and not an empty map, list or string. */
    public static boolean isNonEmpty(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        if (value instanceof List<?> list) {
            return !list.isEmpty();
        }
        return !String.valueOf(value).isEmpty();
    }
}
