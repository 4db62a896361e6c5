package io.kumaops.operator.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one value out of nested maps and lists (a parsed object, a {@code GenericKubernetesResource}'s properties, a
 * planned resource's body) by its path, so a test asserts the field itself instead of a rendering of the whole tree.
 */
public final class TreePath {

    private TreePath() {
    }

    /** The value at a dotted path with list indexes ({@code a.b[0].c}); null when any step is missing. */
    public static Object at(Object root, String path) {
        Object current = root;
        for (String step : path.split("\\.")) {
            String key = step;
            Integer index = null;
            int bracket = step.indexOf('[');
            if (bracket >= 0) {
                key = step.substring(0, bracket);
                index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
            }
            if (!key.isEmpty()) {
                if (!(current instanceof Map<?, ?> map)) {
                    return null;
                }
                current = map.get(key);
            }
            if (index != null) {
                if (!(current instanceof List<?> list) || list.size() <= index) {
                    return null;
                }
                current = list.get(index);
            }
        }
        return current;
    }

    /** The map at the path; null when it is missing or not a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> mapAt(Object root, String path) {
        return at(root, path) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /** The list at the path; null when it is missing or not a list. */
    @SuppressWarnings("unchecked")
    public static List<Object> listAt(Object root, String path) {
        return at(root, path) instanceof List<?> list ? (List<Object>) list : null;
    }

    /**
     * The list at the path as a map from each item's {@code keyField} to its {@code valueField}, in order (env by name,
     * conditions by type); empty when the list is missing.
     */
    public static Map<Object, Object> index(Object root, String listPath, String keyField, String valueField) {
        Map<Object, Object> indexed = new LinkedHashMap<>();
        List<Object> items = listAt(root, listPath);
        if (items != null) {
            items.forEach(item -> indexed.put(at(item, keyField), at(item, valueField)));
        }
        return indexed;
    }
}
