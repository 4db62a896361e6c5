package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation.ObservedNamespace;
import io.kumaops.operator.model.Labels;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * From Kuma 2.11 a namespace in the mesh must carry kuma.io/sidecar-injection: Kuma's webhooks see only labelled
 * namespaces, so in an unlabelled one a pod that asks for injection with the pod label starts without a sidecar.
 */
public final class NamespaceMissingInjectionLabelRule extends AbstractRule {

    public static final String CODE = "NamespaceMissingInjectionLabel";

    /** Kuma's chart leaves kube-system out of every webhook, so a label there would change nothing. */
    private static final String KUBE_SYSTEM = "kube-system";

    public NamespaceMissingInjectionLabelRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "A namespace holding the mesh's data planes has no kuma.io/sidecar-injection label (Kuma 2.11+).",
                "Kuma's injector decides from labels only: the pod's kuma.io/sidecar-injection label, else the namespace's"
                        + " (no annotation counts). From 2.11 its webhooks (the injector, and the validating, defaulting and"
                        + " owner-reference webhooks) are registered for namespaces that carry the label, whatever its value."
                        + " The pods running there now keep their sidecar; the next pod created there (a restart, a rollout, a"
                        + " scale-up) is not injected even with the pod label, leaves the mesh and, with mTLS, can no longer call"
                        + " or be called by it. Kuma objects written there are no longer validated by Kuma either. Builtin"
                        + " gateways are not counted: Kuma deploys their pods with the proxy in them.",
                "Label every namespace of the mesh: kuma.io/sidecar-injection=enabled to inject every pod, or =disabled where"
                        + " only pods labelled kuma.io/sidecar-injection: enabled are injected. Add the label to the workflow that"
                        + " creates namespaces.",
                RuleDoc.Evidence.Cluster,
                "Kuma deployments/charts/kuma/templates/cp-webhooks-and-secrets.yaml (namespaceSelector kuma.io/sidecar-injection"
                        + " Exists, from 2.11.0); pkg/plugins/runtime/k8s/webhooks/injector/precheck.go (needToInject: pod label,"
                        + " then namespace label); UPGRADE.md \"Upgrade to 2.11.x\".");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Map<String, ObservedNamespace>> observed = MeshNamespaces.observed(context);
        if (observed.isEmpty() || !EffectiveFacts.kumaVersionAtLeast(context, ProductionThresholds.NAMESPACE_LABEL_REQUIRED_MINOR)) {
            return List.of();
        }
        String systemNamespace = EffectiveFacts.systemNamespace(context);
        // The system namespace has a label of its own to carry (SystemNamespaceNotLabelled).
        List<ObservedNamespace> unlabelled = observed.get().values().stream()
                .filter(ns -> ns.injected() > 0 && ns.sidecarInjection() == null)
                .filter(ns -> !ns.name().equals(systemNamespace) && !ns.name().equals(KUBE_SYSTEM))
                .toList();
        if (unlabelled.isEmpty()) {
            return List.of();
        }
        List<String> names = unlabelled.stream().map(ObservedNamespace::name).toList();
        List<String> counted = unlabelled.stream().map(ns -> ns.name() + " (" + ns.injected() + ")").toList();
        return List.of(Findings.fromCluster(this, MeshNamespaces.path(names, "label " + Labels.KUMA_SIDECAR_INJECTION),
                (names.size() == 1 ? "namespace " : "namespaces ") + MeshNamespaces.listed(counted) + " hold"
                        + (names.size() == 1 ? "s" : "") + " injected data planes of mesh " + context.resolved().mesh()
                        + " but no " + Labels.KUMA_SIDECAR_INJECTION + " label; " + MeshNamespaces.judgingKuma(context)
                        + ", whose webhooks skip unlabelled namespaces, so the next pods created there start without a sidecar",
                "kubectl label namespace " + String.join(" ", names.size() > MeshNamespaces.NAMED ? names.subList(0, MeshNamespaces.NAMED) : names)
                        + " " + Labels.KUMA_SIDECAR_INJECTION + "=enabled (or =disabled where only pods labelled "
                        + Labels.KUMA_SIDECAR_INJECTION + ": enabled are to be injected)"
                        + (names.size() > MeshNamespaces.NAMED ? ", and the same for the other " + (names.size() - MeshNamespaces.NAMED) : "")));
    }
}
