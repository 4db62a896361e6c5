package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.CiliumSpec;
import io.kumaops.operator.api.v1alpha1.CniSpec;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Explicit profile fields win over detection. When they contradict what the cluster shows, the other rules judge a
 * cluster that does not exist, so the contradiction is reported on its own.
 */
public final class ProfileContradictsClusterRule extends AbstractRule {

    public static final String CODE = "ProfileContradictsCluster";

    static final String ENV_MODE = "KUMA_MODE";
    static final String ENV_ZONE_NAME = "KUMA_MULTIZONE_ZONE_NAME";
    static final String ENV_GLOBAL_ADDRESS = "KUMA_MULTIZONE_ZONE_GLOBAL_ADDRESS";

    public ProfileContradictsClusterRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "An explicit profile field contradicts what the cluster shows.",
                "Explicit profile fields (gitOps, platform, Cilium settings, replicas, the control plane's role, zone name and"
                        + " global KDS address) override detection. When one"
                        + " contradicts the live cluster, the other rules judge the profile's picture, not the real cluster:"
                        + " e.g. gitOps.argoCD: false silences the Argo CD rules while Argo CD manages Kuma.",
                "Correct the field to match the cluster, or remove it so the operator detects the value.",
                RuleDoc.Evidence.Cluster,
                "Effective-value rule of this operator: explicit fields win, empty fields are detected.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<ClusterObservation> observed = EffectiveFacts.observation(context);
        if (observed.isEmpty()) {
            return List.of();
        }
        ClusterObservation cluster = observed.get();
        CniSpec cni = EffectiveFacts.platform(context).cni;
        CiliumSpec cilium = EffectiveFacts.platform(context).cilium;
        List<Finding> findings = new ArrayList<>();
        compare("spec.gitOps.argoCD", EffectiveFacts.gitOps(context).argoCD, cluster.argoCdInstalled(),
                "Argo CD's CRDs are " + served(cluster.argoCdInstalled()), findings);
        compare("spec.gitOps.argoRollouts", EffectiveFacts.gitOps(context).argoRollouts, cluster.argoRolloutsInstalled(),
                "Argo Rollouts' CRDs are " + served(cluster.argoRolloutsInstalled()), findings);
        compare("spec.platform.provider", EffectiveFacts.platform(context).provider,
                cluster.platformProvider() == null ? null : io.kumaops.operator.model.ResolvedProfile.parseProvider(cluster.platformProvider()),
                "the cluster is detected as " + cluster.platformProvider(), findings);
        compare("spec.platform.cni.enabled", cni == null ? null : cni.enabled, cluster.kumaCniInstalled(),
                "the control plane " + (Boolean.TRUE.equals(cluster.kumaCniInstalled()) ? "runs" : "does not run")
                        + " Kuma CNI (KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED)", findings);
        if (cluster.cilium() != null) {
            // Only a detected Cilium is evidence; its absence may just mean its config could not be read.
            compare("spec.platform.cilium.present", cilium == null ? null : cilium.present, Boolean.TRUE,
                    "Cilium's configuration was found", findings);
            compare("spec.platform.cilium.kubeProxyReplacement", cilium == null ? null : cilium.kubeProxyReplacement,
                    cluster.cilium().kubeProxyReplacement(), "Cilium's configuration says kube-proxy-replacement: "
                            + cluster.cilium().kubeProxyReplacement(), findings);
            compare("spec.platform.cilium.cniExclusive", cilium == null ? null : cilium.cniExclusive,
                    cluster.cilium().cniExclusive(), "Cilium's configuration says cni-exclusive: " + cluster.cilium().cniExclusive(), findings);
        }
        // With manage: true the operator converges replicas itself, so a difference is a pending step, not a contradiction.
        if (!EffectiveFacts.manageControlPlane(context) && cluster.controlPlane() != null) {
            compare("spec.controlPlane.replicas", EffectiveFacts.controlPlane(context).replicas, cluster.controlPlane().replicas(),
                    "the control-plane Deployment runs " + cluster.controlPlane().replicas() + " replicas and spec.controlPlane.manage is false",
                    findings);
        }
        if (cluster.controlPlane() != null) {
            compareFederation(context, cluster.controlPlane(), findings);
            cluster.controlPlane().kumaImage().ifPresent(image -> {
                // The running version decides the shapes in the cluster; the profile saying another one is worth knowing.
                String wanted = EffectiveFacts.spec(context).kumaVersion;
                if (wanted != null && !wanted.equals(image.version().toString())) {
                    findings.add(Findings.fromCluster(this, "spec.kumaVersion", "spec.kumaVersion is " + wanted + " but the control plane runs "
                                    + image.distribution() + " " + image.patch() + " (its image tag); the operator emits what the running"
                                    + " version admits, offline render and lint follow spec.kumaVersion",
                            "set spec.kumaVersion: \"" + image.version() + "\" so offline output matches the cluster"));
                }
                compare("spec.distribution", EffectiveFacts.spec(context).distribution, image.distribution(),
                        "the control-plane image is " + (image.distribution() == io.kumaops.operator.api.v1alpha1.Distribution.KongMesh
                                ? "Kong Mesh's" : "open-source Kuma's"), findings);
            });
        }
        return findings;
    }

    /**
     * The control plane's own mode, zone name and global KDS address (literal env values, as Kuma's chart sets them
     * from controlPlane.mode, controlPlane.zone and controlPlane.kdsGlobalAddress) against the profile's role,
     * zoneName and multiZone.globalKdsAddress: a zone profile on a global control plane, or the other way round,
     * plans the wrong resources.
     */
    private void compareFederation(RuleContext context, ClusterObservation.ControlPlaneDeployment controlPlane, List<Finding> findings) {
        ControlPlaneRole role = EffectiveFacts.role(context);
        String mode = controlPlane.envValue(ENV_MODE);
        String globalAddress = controlPlane.envValue(ENV_GLOBAL_ADDRESS);
        ControlPlaneRole observedRole = mode == null ? null
                : "global".equalsIgnoreCase(mode.trim()) ? ControlPlaneRole.Global
                : globalAddress == null || globalAddress.isBlank() ? ControlPlaneRole.Standalone : ControlPlaneRole.Zone;
        compare("spec.controlPlane.role", role, observedRole, "the control plane runs with " + ENV_MODE + "=" + mode
                + (observedRole == ControlPlaneRole.Zone ? " and a global KDS address" : observedRole == ControlPlaneRole.Standalone
                ? " and no global KDS address" : ""), findings);
        if (role != ControlPlaneRole.Zone || observedRole != ControlPlaneRole.Zone) {
            return;
        }
        compare("spec.controlPlane.zoneName", blankToNull(EffectiveFacts.controlPlane(context).zoneName),
                blankToNull(controlPlane.envValue(ENV_ZONE_NAME)), "the control plane runs as zone " + controlPlane.envValue(ENV_ZONE_NAME)
                        + " (" + ENV_ZONE_NAME + ")", findings);
        compare("spec.multiZone.globalKdsAddress", blankToNull(EffectiveFacts.multiZone(context).globalKdsAddress),
                blankToNull(globalAddress), "the control plane connects to " + globalAddress + " (" + ENV_GLOBAL_ADDRESS + ")", findings);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private <T> void compare(String path, T profileValue, T clusterValue, String clusterFact, List<Finding> findings) {
        if (profileValue == null || clusterValue == null || Objects.equals(profileValue, clusterValue)) {
            return;
        }
        findings.add(Findings.fromCluster(this, path,
                path + " is " + profileValue + " but " + clusterFact + "; the profile value wins, so findings follow it",
                "set " + path + ": " + clusterValue + " to match the cluster, or remove " + path + " so it is detected"));
    }

    private static String served(Boolean installed) {
        return Boolean.TRUE.equals(installed) ? "served in the cluster" : "not served in the cluster";
    }
}
