package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Known;
import java.util.List;
import java.util.Optional;

/**
 * Kuma puts an owner reference to the Mesh on resources it creates; Argo CD then shows them as part of (and prunes
 * them with) the Application that owns the Mesh. Kuma 2.7+ can skip that reference.
 */
public final class ArgoCdMeshOwnerReferenceRule extends AbstractRule {

    public static final String CODE = "ArgoCdMeshOwnerReference";

    private static final RequiredControlPlaneEnv SKIP_OWNER_REFERENCE =
            new RequiredControlPlaneEnv(EffectiveFacts.ENV_SKIP_MESH_OWNER_REFERENCE, "true", "true"::equalsIgnoreCase);

    public ArgoCdMeshOwnerReferenceRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Argo CD manages the Mesh and the control plane still sets Mesh owner references.",
                "Kuma sets an owner reference to the Mesh on the resources it creates; Argo CD then treats them as part"
                        + " of the Application that owns the Mesh, reports them out of sync and may prune them.",
                "Set KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE=true on the control plane (Helm"
                        + " controlPlane.envVars), or spec.controlPlane.manage: true so the operator sets it.",
                RuleDoc.Evidence.Both,
                "KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE (Kuma 2.7+).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Known<Boolean>> argoCd = EffectiveFacts.argoCd(context);
        if (!EffectiveFacts.isTrue(argoCd)) {
            return List.of();
        }
        String because = argoCd.get().fromCluster() ? "Argo CD is installed in the cluster" : "spec.gitOps.argoCD is true";
        return SKIP_OWNER_REFERENCE.check(this, context, because);
    }
}
