package io.kumaops.operator.observe;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Evaluates a Kubernetes LabelSelector (as parsed JSON) against a set of labels, the way the API server does. */
final class LabelSelectors {

    private LabelSelectors() {
    }

    /**
     * @param selector      the {@code selector} object ({@code matchLabels}, {@code matchExpressions}), or null
     * @param labels        the labels of the object to match
     * @param emptySelectsAll policy/v1 PodDisruptionBudgets select every pod with an empty selector; policy/v1beta1 none
     */
    static boolean selects(Object selector, Map<String, String> labels, boolean emptySelectsAll) {
        if (!(selector instanceof Map<?, ?> map)) {
            return emptySelectsAll;
        }
        Object matchLabels = map.get("matchLabels");
        Object matchExpressions = map.get("matchExpressions");
        boolean noLabels = !(matchLabels instanceof Map<?, ?> l) || l.isEmpty();
        boolean noExpressions = !(matchExpressions instanceof List<?> e) || e.isEmpty();
        if (noLabels && noExpressions) {
            return emptySelectsAll;
        }
        if (!noLabels) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) matchLabels).entrySet()) {
                if (!Objects.equals(String.valueOf(entry.getValue()), labels.get(String.valueOf(entry.getKey())))) {
                    return false;
                }
            }
        }
        if (!noExpressions) {
            for (Object expression : (List<?>) matchExpressions) {
                if (!(expression instanceof Map<?, ?> requirement) || !matches(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(Map<?, ?> requirement, Map<String, String> labels) {
        String key = String.valueOf(requirement.get("key"));
        String operator = String.valueOf(requirement.get("operator"));
        List<String> values = requirement.get("values") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        String value = labels.get(key);
        return switch (operator) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            default -> false;
        };
    }
}
