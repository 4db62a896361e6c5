package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.PlatformProvider;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Known;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GKE Autopilot forbids NET_ADMIN and OpenShift's restricted SCC forbids privileged init containers, so the
 * kuma-init container cannot set up the transparent proxy there: injected pods never start without Kuma CNI.
 */
public final class RestrictedPlatformWithoutCniRule extends AbstractRule {

    public static final String CODE = "RestrictedPlatformWithoutCni";

    private static final Set<PlatformProvider> NEEDS_CNI = Set.of(PlatformProvider.GKEAutopilot, PlatformProvider.OpenShift);

    public RestrictedPlatformWithoutCniRule() {
        super(CODE, Severity.Error);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "GKE Autopilot or OpenShift without Kuma CNI.",
                "Without CNI, Kuma's init container needs NET_ADMIN to redirect traffic to the proxy. GKE Autopilot forbids"
                        + " NET_ADMIN and OpenShift's restricted SCC forbids it too, so injected pods are rejected or never start.",
                "Install Kuma with Helm cni.enabled: true and set spec.platform.cni.enabled: true (on GKE Autopilot,"
                        + " --workload-policies=allow-net-admin is the alternative).",
                RuleDoc.Evidence.Both,
                "Kuma Helm cni.enabled (default false, chart v2.14.3); GKE Autopilot forbids NET_ADMIN unless --workload-policies=allow-net-admin.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Known<PlatformProvider>> provider = EffectiveFacts.platformProvider(context);
        if (provider.isEmpty() || !NEEDS_CNI.contains(provider.get().value())) {
            return List.of();
        }
        Optional<Known<Boolean>> cni = EffectiveFacts.kumaCni(context);
        if (EffectiveFacts.isTrue(cni)) {
            return List.of();
        }
        String platform = provider.get().fromCluster()
                ? "the cluster is detected as " + provider.get().value()
                : "spec.platform.provider is " + provider.get().value();
        String cniState;
        if (cni.isEmpty()) {
            cniState = "spec.platform.cni.enabled is not set";
        } else if (cni.get().fromCluster()) {
            cniState = "the control plane does not run Kuma CNI (KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED is not true)";
        } else {
            cniState = "spec.platform.cni.enabled is false";
        }
        boolean fromCluster = provider.get().fromCluster() || cni.map(Known::fromCluster).orElse(false);
        return List.of(Findings.of(this, fromCluster ? FindingSource.Cluster : FindingSource.Profile, "spec.platform.cni.enabled",
                platform + " and " + cniState + ": the init container cannot get NET_ADMIN, so injected pods do not start",
                "install Kuma with Helm cni.enabled: true and set spec.platform.cni.enabled: true"));
    }
}
