package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceRequirementsSpec {
    @JsonPropertyDescription("Requested CPU and memory.")
    public ComputeResources requests;

    @JsonPropertyDescription("CPU and memory limits.")
    public ComputeResources limits;
}
