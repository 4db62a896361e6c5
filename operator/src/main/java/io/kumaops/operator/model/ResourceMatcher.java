package io.kumaops.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decides whether an object in the API server already carries everything the operator wants: every field of
 * the desired object is present with the same value. Fields others added (defaults, webhooks, other managers)
 * are ignored. Lists of named items (containers, env) are matched by name; other lists item by item.
 */
public final class ResourceMatcher {

    private static final Pattern QUANTITY = Pattern.compile("^[0-9.]+(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$");

    private ResourceMatcher() {
    }

    /** Compares spec-like content plus metadata labels and annotations; identity fields are not compared. */
    public static boolean matches(Map<String, Object> desired, Map<String, Object> observed) {
        if (observed == null) {
            return false;
        }
        for (Map.Entry<String, Object> entry : desired.entrySet()) {
            String key = entry.getKey();
            if (key.equals("apiVersion") || key.equals("kind")) {
                continue;
            }
            if (key.equals("metadata")) {
                if (!metadataMatches(asMap(entry.getValue()), asMap(observed.get("metadata")))) {
                    return false;
                }
                continue;
            }
            if (!contains(entry.getValue(), observed.get(key))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Labels and annotations must be present, except the step annotation: the Mesh is written by two steps, and
     * the annotation records whichever wrote it last.
     */
    private static boolean metadataMatches(Map<String, Object> desired, Map<String, Object> observed) {
        if (observed == null) {
            return false;
        }
        Map<String, Object> annotations = new java.util.LinkedHashMap<>(asMapOrEmpty(desired.get("annotations")));
        annotations.remove(io.kumaops.operator.model.Labels.STEP);
        return contains(desired.getOrDefault("labels", Map.of()), observed.getOrDefault("labels", Map.of()))
                && contains(annotations, observed.getOrDefault("annotations", Map.of()));
    }

    private static Map<String, Object> asMapOrEmpty(Object value) {
        Map<String, Object> map = asMap(value);
        return map == null ? Map.of() : map;
    }

    /** True when {@code observed} holds at least what {@code desired} says. */
    public static boolean contains(Object desired, Object observed) {
        if (desired instanceof Map<?, ?> desiredMap) {
            if (!(observed instanceof Map<?, ?> observedMap)) {
                return false;
            }
            for (Map.Entry<?, ?> entry : desiredMap.entrySet()) {
                if (!contains(entry.getValue(), observedMap.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof List<?> desiredList) {
            if (!(observed instanceof List<?> observedList)) {
                return desiredList.isEmpty() && observed == null;
            }
            if (!desiredList.isEmpty() && desiredList.stream().allMatch(ResourceMatcher::isNamed)) {
                for (Object item : desiredList) {
                    Object name = ((Map<?, ?>) item).get("name");
                    Object match = observedList.stream()
                            .filter(o -> o instanceof Map<?, ?> m && Objects.equals(m.get("name"), name))
                            .findFirst().orElse(null);
                    if (!contains(item, match)) {
                        return false;
                    }
                }
                return true;
            }
            if (desiredList.size() != observedList.size()) {
                return false;
            }
            for (int i = 0; i < desiredList.size(); i++) {
                if (!contains(desiredList.get(i), observedList.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return scalarEquals(desired, observed);
    }

    private static boolean isNamed(Object item) {
        return item instanceof Map<?, ?> map && map.get("name") instanceof String;
    }

    private static boolean scalarEquals(Object desired, Object observed) {
        if (Objects.equals(desired, observed)) {
            return true;
        }
        if (desired instanceof Number a && observed instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        // The API server canonicalises quantities in core types ("1000m" is stored as "1").
        if (desired instanceof String a && observed instanceof String b && QUANTITY.matcher(a).matches() && QUANTITY.matcher(b).matches()) {
            try {
                return Quantity.getAmountInBytes(new Quantity(a)).compareTo(Quantity.getAmountInBytes(new Quantity(b))) == 0;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }
}
