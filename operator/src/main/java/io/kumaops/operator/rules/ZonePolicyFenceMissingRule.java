package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.ZoneGovernanceSpec;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.plan.ZonePolicyFence;
import java.util.List;
import java.util.Optional;

/**
 * A federated zone whose control plane accepts local writes of Kuma policies: they drift from what the global
 * control plane syncs, and a zone-local policy can silently override the mesh-wide intent.
 */
public final class ZonePolicyFenceMissingRule extends AbstractRule {

    public static final String CODE = ZonePolicyFence.MISSING_CODE;

    public ZonePolicyFenceMissingRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "A zone control plane accepts local changes of Kuma policies.",
                "In a multi-zone deployment policies belong on the global control plane, which syncs them to every zone."
                        + " A policy written on a zone (kuma.io/origin: zone) only affects that zone and overrides the global"
                        + " intent there; without a fence anyone with write access to the zone cluster can do it. The operator"
                        + " fences the zone with a ValidatingAdmissionPolicy, which needs Kubernetes 1.30 or later.",
                "Keep spec.controlPlane.zoneGovernance.enabled: true and install the operator's chart with zoneGovernance.enabled=true"
                        + " (off by default; it grants the operator the admission policies) on a cluster that serves"
                        + " admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy; on older clusters"
                        + " restrict write access to kuma.io policies with RBAC, or suppress this finding with a reason.",
                RuleDoc.Evidence.Both,
                "Kuma multi-zone docs (policies are created on the global control plane; zone origin label); Kubernetes"
                        + " ValidatingAdmissionPolicy (GA in 1.30).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        if (EffectiveFacts.role(context) != ControlPlaneRole.Zone) {
            return List.of();
        }
        ZoneGovernanceSpec governance = EffectiveFacts.controlPlane(context).zoneGovernance;
        if (governance != null && Boolean.FALSE.equals(governance.enabled)) {
            return List.of(Findings.fromProfile(this, "spec.controlPlane.zoneGovernance.enabled",
                    "spec.controlPlane.zoneGovernance.enabled is false on a zone control plane: anyone with write access to this"
                            + " cluster can change Kuma policies locally, beside the global control plane",
                    "set spec.controlPlane.zoneGovernance.enabled: true (and zoneGovernance.enabled in the operator's Helm values)"));
        }
        Optional<ClusterObservation> observation = EffectiveFacts.observation(context);
        List<String> served = observation.map(ClusterObservation::servedApis).orElse(null);
        // Only a server whose discovery of the resource was read can be said to lack it (the operator probes it).
        if (served == null || !served.contains(ZonePolicyFence.NOT_SERVED_MARKER)) {
            return List.of();
        }
        return List.of(Findings.fromCluster(this, "spec.controlPlane.zoneGovernance",
                "the API server does not serve " + ZonePolicyFence.API_VERSION + " ValidatingAdmissionPolicy (Kubernetes 1.30+), so the"
                        + " operator cannot fence this zone: local writes of Kuma policies are accepted",
                "upgrade the cluster to Kubernetes 1.30 or later, or restrict writes of kuma.io policies with RBAC; suppress"
                        + " ZonePolicyFenceMissing with a reason if that is done"));
    }
}
