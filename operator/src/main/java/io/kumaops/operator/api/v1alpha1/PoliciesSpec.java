package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoliciesSpec {
    @JsonPropertyDescription("Mesh-wide MeshTimeout defaults.")
    public TimeoutPolicy timeout;

    @JsonPropertyDescription("Mesh-wide MeshRetry defaults.")
    public RetryPolicy retry;

    @JsonPropertyDescription("Mesh-wide MeshCircuitBreaker defaults.")
    public CircuitBreakerPolicy circuitBreaker;

    /** The Kuma kinds of the mesh-wide defaults this profile defines (each replaces Kuma's initial policy of that kind). */
    public java.util.List<String> definedKinds() {
        java.util.List<String> kinds = new java.util.ArrayList<>();
        if (timeout != null) {
            kinds.add("MeshTimeout");
        }
        if (retry != null) {
            kinds.add("MeshRetry");
        }
        if (circuitBreaker != null) {
            kinds.add("MeshCircuitBreaker");
        }
        return kinds;
    }
}
