package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(Int32Format.class)
public class KumaProductionProfileSpec {

    public static final String DEFAULT_KUMA_VERSION = "2.14";

    /** The distribution the profile targets: the one it names, else open-source Kuma (the stricter of the two). */
    public Distribution effectiveDistribution() {
        return distribution == null ? Distribution.Kuma : distribution;
    }

    @JsonPropertyDescription("Kuma minor version the emitted resources target, from \"2.9\" to \"2.14\". Shapes that differ between versions are chosen from it.")
    @Pattern("^2\\.(9|1[0-4])$")
    @Default(DEFAULT_KUMA_VERSION)
    public String kumaVersion = DEFAULT_KUMA_VERSION;

    @JsonPropertyDescription("Kuma (open source) or KongMesh. They differ where the rollout is delicate: Kuma admits one mTLS backend per Mesh and refuses a CA switch while mTLS is on; Kong Mesh rotates between several. Empty means Kuma offline.")
    public Distribution distribution;

    @JsonPropertyDescription("Enforce applies the rollout; Audit writes nothing but this profile's status (findings only).")
    @Default("Enforce")
    public Enforcement enforcement = Enforcement.Enforce;

    @JsonPropertyDescription("What happens to emitted resources when the profile is deleted. Orphan (default) leaves them running and removes the operator's ownership marks; Delete removes them in reverse step order.")
    @Default("Orphan")
    public DeletionPolicy deletionPolicy = DeletionPolicy.Orphan;

    @JsonPropertyDescription("The Kuma mesh this profile governs.")
    public MeshRef mesh = new MeshRef();

    @JsonPropertyDescription("Control-plane settings: role, store, sizing and whether the operator manages the control-plane Deployment.")
    public ControlPlaneSpec controlPlane = new ControlPlaneSpec();

    @JsonPropertyDescription("Mutual TLS for the mesh: CA backends and which one is enabled. Key material is referenced by Secret only.")
    public MtlsSpec mtls = new MtlsSpec();

    @JsonPropertyDescription("MeshTrafficPermissions: allow-all while adopting mTLS, or restricted rules (zero trust).")
    public TrafficPermissionsSpec trafficPermissions = new TrafficPermissionsSpec();

    @JsonPropertyDescription("Production resources for the injected sidecar, applied through a ContainerPatch.")
    public SidecarSpec sidecar = new SidecarSpec();

    @JsonPropertyDescription("System-wide default policies (MeshTimeout, MeshRetry, MeshCircuitBreaker) targeting the whole mesh. Omitted kinds are not emitted.")
    public PoliciesSpec policies = new PoliciesSpec();

    @JsonPropertyDescription("Multi-zone deployment: zones, zone-ingress scaling and fencing of the global control plane.")
    public MultiZoneSpec multiZone = new MultiZoneSpec();

    @JsonPropertyDescription("The platform the mesh runs on. Empty fields mean: detect from the live cluster.")
    public PlatformSpec platform = new PlatformSpec();

    @JsonPropertyDescription("GitOps tooling in use. Empty fields mean: detect from the live cluster.")
    public GitOpsSpec gitOps = new GitOpsSpec();

    @JsonPropertyDescription("Delegated gateways that must be part of the mesh.")
    public GatewaySpec gateway = new GatewaySpec();

    @JsonPropertyDescription("How policy changes are rolled out: Immediate, or Canary with a bake time.")
    public RolloutSpec rollout = new RolloutSpec();

    @JsonPropertyDescription("Finding codes accepted on purpose. Suppressed findings stay visible, marked as suppressed.")
    public List<Suppression> suppress = new ArrayList<>();
}
