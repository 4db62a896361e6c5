package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.rules.EffectiveFacts.Known;
import java.util.List;
import java.util.Optional;

/**
 * The organisation's rule is an odd number of control-plane replicas. Kuma elects one leader and has no quorum, so
 * this is policy rather than a Kuma requirement; the real risks (one replica, no PDB) have rules of their own.
 */
public final class EvenControlPlaneReplicasRule extends AbstractRule {

    public static final String CODE = "EvenControlPlaneReplicas";

    public EvenControlPlaneReplicasRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "The control plane runs an even number of replicas.",
                "The production profile requires an odd replica count. Kuma itself elects a single leader (a Lease, or a"
                        + " Postgres lock) and has no quorum, so an even count does not break Kuma; it breaks the"
                        + " organisation's rule and usually signals a hand-edited Deployment.",
                "Set spec.controlPlane.replicas to an odd number (3 is the usual choice). With controlPlane.manage: true"
                        + " the operator rounds an even request up and reports it; otherwise change Helm controlPlane.replicas.",
                RuleDoc.Evidence.Both,
                "Organisation rule of the production profile; Kuma HA has no quorum (kuma-website production/deployment/high-availability.md).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Known<Integer>> replicas = EffectiveFacts.controlPlaneReplicas(context);
        if (replicas.isEmpty() || replicas.get().value() % 2 != 0) {
            return List.of();
        }
        int count = replicas.get().value();
        if (replicas.get().fromCluster()) {
            return List.of(Findings.fromCluster(this, EffectiveFacts.controlPlaneObjectPath(context, "spec.replicas"),
                    "the control-plane Deployment runs " + count + " replicas, an even number",
                    "set spec.controlPlane.replicas: " + (count + 1) + " (or scale Helm controlPlane.replicas to " + (count + 1) + ")"));
        }
        String rounding = EffectiveFacts.manageControlPlane(context)
                ? "; the operator will run " + (count + 1) + " because controlPlane.manage is true"
                : "";
        return List.of(Findings.fromProfile(this, "spec.controlPlane.replicas",
                "spec.controlPlane.replicas is " + count + ", an even number" + rounding,
                "set spec.controlPlane.replicas: " + (count + 1)));
    }
}
