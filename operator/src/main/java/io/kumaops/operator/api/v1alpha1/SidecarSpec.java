package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SidecarSpec {
    @JsonPropertyDescription("Name of the ContainerPatch that carries the sidecar resources. Pods opt in with the kuma.io/container-patches annotation, or the control plane lists it as a default patch.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Default("kuma-production-sidecar")
    public String containerPatchName = "kuma-production-sidecar";

    @JsonPropertyDescription("Sidecar requests; production needs at least 100m CPU and 128Mi memory.")
    public ComputeResources requests;

    @JsonPropertyDescription("Sidecar limits; keep them high (1 CPU / 1Gi or more) so proxies are not throttled.")
    public ComputeResources limits;
}
