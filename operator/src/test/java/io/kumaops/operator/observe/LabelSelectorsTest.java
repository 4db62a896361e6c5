package io.kumaops.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

    private static final Map<String, String> POD = Map.of("app", "kuma-control-plane", "app.kubernetes.io/name", "kuma");

    @Test
    void matchLabelsMustAllMatch() {
        assertThat(LabelSelectors.selects(Map.of("matchLabels", Map.of("app", "kuma-control-plane")), POD, false)).isTrue();
        assertThat(LabelSelectors.selects(Map.of("matchLabels", Map.of("app", "kuma-control-plane", "tier", "x")), POD, false)).isFalse();
    }

    @Test
    void matchExpressionsUseTheirOperators() {
        assertThat(LabelSelectors.selects(expression("app", "In", List.of("a", "kuma-control-plane")), POD, false)).isTrue();
        assertThat(LabelSelectors.selects(expression("app", "NotIn", List.of("kuma-control-plane")), POD, false)).isFalse();
        assertThat(LabelSelectors.selects(expression("tier", "NotIn", List.of("x")), POD, false)).isTrue();
        assertThat(LabelSelectors.selects(expression("app.kubernetes.io/name", "Exists", List.of()), POD, false)).isTrue();
        assertThat(LabelSelectors.selects(expression("tier", "DoesNotExist", List.of()), POD, false)).isTrue();
        assertThat(LabelSelectors.selects(expression("app", "Gt", List.of("1")), POD, false)).as("unknown operator").isFalse();
    }

    @Test
    void anEmptySelectorSelectsAllOnlyInPolicyV1() {
        assertThat(LabelSelectors.selects(Map.of(), POD, true)).isTrue();
        assertThat(LabelSelectors.selects(Map.of(), POD, false)).isFalse();
        assertThat(LabelSelectors.selects(null, POD, false)).isFalse();
    }

    private static Map<String, Object> expression(String key, String operator, List<String> values) {
        return Map.of("matchExpressions", List.of(Map.of("key", key, "operator", operator, "values", values)));
    }
}
