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
}
