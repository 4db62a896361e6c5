package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CircuitBreakerPolicy {
    @JsonPropertyDescription("Maximum connections to one upstream cluster.")
    @Min(1)
    @Max(1_000_000)
    public Integer maxConnections;

    @JsonPropertyDescription("Consecutive errors before a host is ejected (outlier detection).")
    @Min(1)
    @Max(1_000)
    public Integer consecutiveErrors;
}
