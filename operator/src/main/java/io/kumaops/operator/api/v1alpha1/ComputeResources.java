package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComputeResources {
    @JsonPropertyDescription("CPU as a Kubernetes quantity, e.g. \"500m\" or \"2\".")
    public Quantity cpu;

    @JsonPropertyDescription("Memory as a Kubernetes quantity, e.g. \"512Mi\" or \"2Gi\".")
    public Quantity memory;

    public ComputeResources() {
    }

    public ComputeResources(String cpu, String memory) {
        this.cpu = cpu == null ? null : new Quantity(cpu);
        this.memory = memory == null ? null : new Quantity(memory);
    }
}
