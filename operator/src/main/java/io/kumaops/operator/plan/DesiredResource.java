package io.kumaops.operator.plan;

import java.util.Map;

/**
 * One object the plan wants in the API server: its identity and the full body to apply (apiVersion, kind,
 * metadata, spec) as ordered maps, so rendering is stable.
 */
public record DesiredResource(Step step, ResourceRef ref, Map<String, Object> body) {

    @SuppressWarnings("unchecked")
    public Map<String, Object> spec() {
        return (Map<String, Object>) body.get("spec");
    }
}
