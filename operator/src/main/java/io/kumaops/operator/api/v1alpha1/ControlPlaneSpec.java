package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControlPlaneSpec {
    @JsonPropertyDescription("Namespace the Kuma control plane runs in; system policies and the ContainerPatch go here.")
    @Pattern(Patterns.DNS_LABEL)
    @Default("kuma-system")
    public String systemNamespace = "kuma-system";

    @JsonPropertyDescription("Name of the control-plane Deployment in systemNamespace (observed, and patched when manage is true).")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 249)
    @Default("kuma-control-plane")
    public String deploymentName = "kuma-control-plane";

    @JsonPropertyDescription("Standalone (single zone), Zone (a zone of a multi-zone deployment) or Global (the multi-zone global control plane).")
    @Default("Standalone")
    public ControlPlaneRole role = ControlPlaneRole.Standalone;

    @JsonPropertyDescription("Name of this zone; required when role is Zone.")
    @Pattern(Patterns.DNS_LABEL)
    public String zoneName;

    @JsonPropertyDescription("Kubernetes or Universal.")
    @Default("Kubernetes")
    public ControlPlaneEnvironment environment = ControlPlaneEnvironment.Kubernetes;

    @JsonPropertyDescription("Control-plane replicas. The organisation rule is an odd number; an even request is rounded up when the operator manages the Deployment, and reported.")
    @Min(1)
    @Max(15)
    public Integer replicas;

    @JsonPropertyDescription("Control-plane CPU and memory. Size at about 1 MiB per data plane; 4 CPU / 2Gi for 1000 or more data planes.")
    public ResourceRequirementsSpec resources;

    @JsonPropertyDescription("Where the control plane keeps its state.")
    public StoreSpec store = new StoreSpec();

    @JsonPropertyDescription("Data planes the mesh is expected to hold; drives sizing and reachable-services findings before any are observed.")
    @Min(0)
    @Max(1_000_000)
    public Integer expectedDataplanes;

    @JsonPropertyDescription("Reachable services: Auto (enabled at 1000 or more data planes), Enabled or Disabled.")
    @Default("Auto")
    public ReachableServicesMode reachableServices = ReachableServicesMode.Auto;

    @JsonPropertyDescription("Whether a PodDisruptionBudget protects the control plane (created by the operator when manage is true).")
    @Default("true")
    public Boolean podDisruptionBudget = Boolean.TRUE;

    @JsonPropertyDescription("Pre-provisioned control-plane TLS, so GitOps renders do not regenerate certificates.")
    public ControlPlaneTlsSpec tls;

    @JsonPropertyDescription("When true the operator patches the control-plane Deployment (replicas, resources, env) by server-side apply and creates its PodDisruptionBudget.")
    @Default("false")
    public Boolean manage = Boolean.FALSE;

    @JsonPropertyDescription("With manage: take over the Deployment fields the operator sets (replicas, resources, env) even when another field manager, such as Helm, owns them. Off: such a conflict is reported (reason FieldConflict) and nothing is forced.")
    @Default("false")
    public Boolean forceOwnership = Boolean.FALSE;

    @JsonPropertyDescription("Zone control planes: fence Kuma policy writes so that policies come from the global control plane.")
    public ZoneGovernanceSpec zoneGovernance = new ZoneGovernanceSpec();
}
