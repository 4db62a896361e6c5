package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation.ObservedNamespace;
import io.kumaops.operator.model.Labels;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * From Kuma 2.11 the system namespace must carry kuma.io/sidecar-injection (Kuma's chart sets "false"): Kuma's
 * validating, defaulting and owner-reference webhooks see only labelled namespaces, the system namespace included.
 */
public final class SystemNamespaceNotLabelledRule extends AbstractRule {

    public static final String CODE = "SystemNamespaceNotLabelled";

    /** What Kuma's chart sets on its namespace before installing (templates/pre-install-patch-namespace-job.yaml). */
    static final String EXPECTED_VALUE = "false";

    public SystemNamespaceNotLabelledRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "The control plane's system namespace has no kuma.io/sidecar-injection label (Kuma 2.11+).",
                "From 2.11 Kuma's validating, defaulting and owner-reference webhooks are registered for namespaces that carry"
                        + " kuma.io/sidecar-injection, and the system namespace is no exception. Kuma's chart labels it"
                        + " \"false\" before installing (a pre-install job; with noHelmHooks the chart refuses to install until the"
                        + " label is there). Without it the policies in the system namespace — the mesh-wide ones, the operator's"
                        + " included — are not validated by Kuma, do not get the labels Kuma computes (kuma.io/policy-role and"
                        + " the like, pkg/plugins/runtime/k8s/webhooks/defaulter.go) and get no owner reference to their Mesh, so"
                        + " deleting a Mesh leaves them behind. Before 2.11 Kuma expected no label here (its webhooks did not select namespaces by it).",
                "Label the system namespace: kubectl label namespace kuma-system kuma.io/sidecar-injection=false (the value"
                        + " Kuma's chart sets), and keep the label in whatever creates the namespace.",
                RuleDoc.Evidence.Cluster,
                "Kuma deployments/charts/kuma/templates/cp-webhooks-and-secrets.yaml (validator, defaulter, owner-reference"
                        + " namespaceSelector kuma.io/sidecar-injection Exists, from 2.11.0);"
                        + " templates/pre-install-patch-namespace-job.yaml; UPGRADE.md \"Upgrade to 2.11.x\".");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Map<String, ObservedNamespace>> observed = MeshNamespaces.observed(context);
        if (observed.isEmpty() || EffectiveFacts.controlPlane(context).environment == ControlPlaneEnvironment.Universal
                || !EffectiveFacts.kumaVersionAtLeast(context, ProductionThresholds.NAMESPACE_LABEL_REQUIRED_MINOR)) {
            return List.of();
        }
        String systemNamespace = EffectiveFacts.systemNamespace(context);
        ObservedNamespace namespace = observed.get().get(systemNamespace);
        // A namespace that does not exist is another problem: the control plane is not there either.
        if (namespace == null || namespace.sidecarInjection() != null) {
            return List.of();
        }
        return List.of(Findings.fromCluster(this, "Namespace " + systemNamespace + " label " + Labels.KUMA_SIDECAR_INJECTION,
                "the system namespace " + systemNamespace + " has no " + Labels.KUMA_SIDECAR_INJECTION + " label; "
                        + MeshNamespaces.judgingKuma(context) + ", whose validating, defaulting and owner-reference webhooks skip"
                        + " unlabelled namespaces, so the policies in " + systemNamespace + " are neither validated by Kuma nor owned by their Mesh",
                "kubectl label namespace " + systemNamespace + " " + Labels.KUMA_SIDECAR_INJECTION + "=" + EXPECTED_VALUE));
    }
}
