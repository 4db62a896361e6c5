package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation;
import java.util.List;

/** Without a PodDisruptionBudget a node drain may evict every control-plane pod at once. */
public final class MissingControlPlaneDisruptionBudgetRule extends AbstractRule {

    public static final String CODE = "MissingControlPlaneDisruptionBudget";

    public MissingControlPlaneDisruptionBudgetRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "No PodDisruptionBudget protects the control-plane pods.",
                "Voluntary disruptions (node drains, cluster upgrades) may evict all control-plane replicas together, so"
                        + " more replicas alone do not keep the control plane up.",
                "Keep spec.controlPlane.podDisruptionBudget: true with spec.controlPlane.manage: true (the operator creates"
                        + " the PDB), or set Helm podDisruptionBudget.enabled: true.",
                RuleDoc.Evidence.Both,
                "Kuma Helm default podDisruptionBudget.enabled is false (chart values v2.14.3).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Boolean wanted = EffectiveFacts.controlPlane(context).podDisruptionBudget;
        if (Boolean.FALSE.equals(wanted)) {
            return List.of(Findings.fromProfile(this, "spec.controlPlane.podDisruptionBudget",
                    "spec.controlPlane.podDisruptionBudget is false: nothing stops a drain from evicting every control-plane pod",
                    "set spec.controlPlane.podDisruptionBudget: true (and spec.controlPlane.manage: true so the operator creates it)"));
        }
        // The operator creates the PDB itself in this case, so its absence now is only a pending step.
        boolean operatorCreatesIt = EffectiveFacts.manageControlPlane(context);
        Boolean observed = EffectiveFacts.observation(context).map(ClusterObservation::controlPlaneDisruptionBudget).orElse(null);
        if (!operatorCreatesIt && Boolean.FALSE.equals(observed)) {
            return List.of(Findings.fromCluster(this, "PodDisruptionBudget selecting " + EffectiveFacts.controlPlaneObjectPath(context, "pods"),
                    "no PodDisruptionBudget selects the control-plane pods and spec.controlPlane.manage is false, so the operator does not create one",
                    "set spec.controlPlane.manage: true, or Helm podDisruptionBudget.enabled: true"));
        }
        return List.of();
    }
}
