package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.Known;
import java.util.List;
import java.util.Optional;

/** Cilium's kube-proxy replacement resolves Services in eBPF before Kuma's iptables redirection sees the traffic. */
public final class CiliumKubeProxyReplacementRule extends AbstractRule {

    public static final String CODE = "CiliumKubeProxyReplacement";

    public CiliumKubeProxyReplacementRule() {
        super(CODE, Severity.Error);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Cilium runs with kubeProxyReplacement enabled.",
                "With kube-proxy replacement Cilium translates Service addresses to pod addresses at the socket, before"
                        + " Kuma's transparent proxy sees the connection, so the sidecar cannot match outbounds and mesh"
                        + " policies (and mTLS to the service) are bypassed.",
                "Set Cilium kubeProxyReplacement: false (or socketLB.hostNamespaceOnly: true where your Cilium version"
                        + " supports it) and record it in spec.platform.cilium.kubeProxyReplacement: false.",
                RuleDoc.Evidence.Both,
                "Kuma CNI installation notes for Cilium (kuma-website): kubeProxyReplacement: false.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Known<Boolean>> present = EffectiveFacts.ciliumPresent(context);
        Optional<Known<Boolean>> replacement = EffectiveFacts.ciliumKubeProxyReplacement(context);
        if (!EffectiveFacts.isTrue(present) || !EffectiveFacts.isTrue(replacement)) {
            return List.of();
        }
        // bpf-lb-sock-hostns-only (Helm socketLB.hostNamespaceOnly) keeps the socket load balancer out of pod
        // namespaces, so Kuma's transparent proxy still sees Service addresses: the documented way to keep KPR.
        boolean hostNamespaceOnly = EffectiveFacts.observation(context).map(ClusterObservation::cilium)
                .map(ClusterObservation.CiliumConfig::socketLbHostNamespaceOnly).map(Boolean.TRUE::equals).orElse(false);
        if (hostNamespaceOnly) {
            return List.of();
        }
        boolean fromCluster = replacement.get().fromCluster();
        return List.of(Findings.of(this, fromCluster ? FindingSource.Cluster : FindingSource.Profile,
                fromCluster ? "ConfigMap kube-system/cilium-config kube-proxy-replacement" : "spec.platform.cilium.kubeProxyReplacement",
                (fromCluster ? "Cilium's configuration enables kube-proxy replacement"
                        : "spec.platform.cilium.kubeProxyReplacement is true")
                        + ": Services are resolved before Kuma's transparent proxy sees the traffic",
                "set Cilium kubeProxyReplacement: false and spec.platform.cilium.kubeProxyReplacement: false"));
    }
}
