package io.kumaops.operator.kube;

import io.kumaops.operator.model.ResourceMatcher;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceMatcherTest {

    private static Map<String, Object> object(Map<String, Object> spec, Map<String, Object> annotations) {
        return Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "Mesh",
                "metadata", Map.of("name", "m", "labels", Map.of("a", "b"), "annotations", annotations), "spec", spec);
    }

    @Test
    void fieldsOthersAddedAreIgnored() {
        var desired = object(Map.of("x", 1), Map.of());
        var observed = object(Map.of("x", 1L, "defaulted", true), Map.of("other", "y"));
        assertThat(ResourceMatcher.matches(desired, observed)).isTrue();
    }

    @Test
    void aChangedOrMissingFieldDoesNotMatch() {
        assertThat(ResourceMatcher.matches(object(Map.of("x", 1), Map.of()), object(Map.of("x", 2), Map.of()))).isFalse();
        assertThat(ResourceMatcher.matches(object(Map.of("x", 1), Map.of()), object(Map.of(), Map.of()))).isFalse();
        assertThat(ResourceMatcher.matches(object(Map.of("x", 1), Map.of()), null)).isFalse();
    }

    @Test
    void theStepAnnotationIsNotCompared() {
        assertThat(ResourceMatcher.matches(object(Map.of(), Map.of("kumaops.io/step", "1-mesh")),
                object(Map.of(), Map.of("kumaops.io/step", "3-mtls")))).isTrue();
        assertThat(ResourceMatcher.matches(object(Map.of(), Map.of("other", "1")), object(Map.of(), Map.of("other", "2")))).isFalse();
    }

    @Test
    void namedListItemsMatchByNameAndOtherListsItemByItem() {
        Object desiredEnv = List.of(Map.of("name", "A", "value", "1"));
        Object observedEnv = List.of(Map.of("name", "KUMA_X", "value", "z"), Map.of("name", "A", "value", "1"));
        assertThat(ResourceMatcher.contains(desiredEnv, observedEnv)).isTrue();
        assertThat(ResourceMatcher.contains(List.of(Map.of("name", "A", "value", "2")), observedEnv)).isFalse();
        assertThat(ResourceMatcher.contains(List.of("a", "b"), List.of("a", "b"))).isTrue();
        assertThat(ResourceMatcher.contains(List.of("a", "b"), List.of("a", "b", "c"))).isFalse();
    }

    @Test
    void quantitiesCompareByValueAsTheApiServerCanonicalisesThem() {
        assertThat(ResourceMatcher.contains("1000m", "1")).isTrue();
        assertThat(ResourceMatcher.contains("1024Mi", "1Gi")).isTrue();
        assertThat(ResourceMatcher.contains("500m", "1")).isFalse();
        assertThat(ResourceMatcher.contains("24h", "24h0m0s")).as("durations are not quantities").isFalse();
    }
}
