package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeoutPolicy {
    @JsonPropertyDescription("Time to establish a connection, e.g. 5s.")
    @Pattern(Patterns.DURATION)
    public String connectionTimeout;

    @JsonPropertyDescription("Idle time before a connection is closed, e.g. 1h.")
    @Pattern(Patterns.DURATION)
    public String idleTimeout;

    @JsonPropertyDescription("HTTP request timeout, e.g. 15s.")
    @Pattern(Patterns.DURATION)
    public String requestTimeout;
}
