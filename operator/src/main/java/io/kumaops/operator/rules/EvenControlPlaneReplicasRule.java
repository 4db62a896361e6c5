package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import java.util.List;

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
        List<Finding> findings = new java.util.ArrayList<>();
        Integer wanted = EffectiveFacts.controlPlane(context).replicas;
        Integer running = EffectiveFacts.observedControlPlane(context).map(ControlPlaneDeployment::replicas).orElse(null);
        if (wanted != null && wanted % 2 == 0) {
            String rounding = EffectiveFacts.manageControlPlane(context)
                    ? "; the operator will run " + (wanted + 1) + " because controlPlane.manage is true"
                    : "";
            findings.add(Findings.fromProfile(this, "spec.controlPlane.replicas",
                    "spec.controlPlane.replicas is " + wanted + ", an even number" + rounding,
                    "set spec.controlPlane.replicas: " + (wanted + 1)));
        }
        // What runs is judged on its own, whatever the profile says: an even count live is the anti-pattern, seen.
        if (running != null && running % 2 == 0 && !running.equals(wanted)) {
            findings.add(Findings.fromCluster(this, EffectiveFacts.controlPlaneObjectPath(context, "spec.replicas"),
                    "the control-plane Deployment runs " + running + " replicas, an even number",
                    "set spec.controlPlane.replicas: " + (running + 1) + " (or scale Helm controlPlane.replicas to " + (running + 1) + ")"));
        }
        return findings;
    }
}
