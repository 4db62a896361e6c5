package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetryPolicy {
    @JsonPropertyDescription("HTTP retries per request.")
    @Min(0)
    @Max(100)
    public Integer numRetries;

    @JsonPropertyDescription("Timeout of each try, e.g. 16s.")
    @Pattern(Patterns.DURATION)
    public String perTryTimeout;
}
