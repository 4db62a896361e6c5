package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Known;
import java.util.List;
import java.util.Optional;

/** One control-plane replica: every restart, node drain or crash stops config delivery to all data planes. */
public final class SingleControlPlaneReplicaRule extends AbstractRule {

    public static final String CODE = "SingleControlPlaneReplica";

    public SingleControlPlaneReplicaRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "The control plane runs a single replica.",
                "With one replica, an upgrade, a node drain or a crash leaves every data plane without a control plane:"
                        + " no new certificates, no config changes, and new pods cannot be injected until it returns.",
                "Set spec.controlPlane.replicas: 3 (with controlPlane.manage: true), or Helm controlPlane.replicas: 3.",
                RuleDoc.Evidence.Both,
                "Kuma Helm default controlPlane.replicas is 1; kuma-website production/deployment/high-availability.md.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Known<Integer>> replicas = EffectiveFacts.controlPlaneReplicas(context);
        if (replicas.isEmpty() || replicas.get().value() != 1) {
            return List.of();
        }
        if (replicas.get().fromCluster()) {
            return List.of(Findings.fromCluster(this, EffectiveFacts.controlPlaneObjectPath(context, "spec.replicas"),
                    "the control-plane Deployment runs 1 replica",
                    "set spec.controlPlane.replicas: 3 with spec.controlPlane.manage: true, or Helm controlPlane.replicas: 3"));
        }
        return List.of(Findings.fromProfile(this, "spec.controlPlane.replicas",
                "spec.controlPlane.replicas is 1: any restart stops the control plane",
                "set spec.controlPlane.replicas: 3"));
    }
}
