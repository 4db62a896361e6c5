package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.ZoneIngressSpec;
import java.util.List;

/** All traffic into a zone passes its zone ingress; one replica makes it a single point of failure. */
public final class SingleZoneIngressReplicaRule extends AbstractRule {

    public static final String CODE = "SingleZoneIngressReplica";

    public SingleZoneIngressReplicaRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "The zone ingress may run a single replica.",
                "Every cross-zone request into a zone passes its zone ingress. With one replica (minReplicas 1, or"
                        + " maxReplicas 1) a restart or node drain cuts the zone off from the rest of the mesh.",
                "Set spec.multiZone.zoneIngress.minReplicas: 2 or more, and maxReplicas above it.",
                RuleDoc.Evidence.Profile,
                "Kuma zone ingress deployment (Helm ingress.enabled); production guide.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        ZoneIngressSpec ingress = EffectiveFacts.multiZone(context).zoneIngress;
        // A global control plane has no zone ingress of its own.
        if (!Boolean.TRUE.equals(EffectiveFacts.multiZone(context).enabled) || ingress == null
                || EffectiveFacts.role(context) == ControlPlaneRole.Global) {
            return List.of();
        }
        if (ingress.maxReplicas != null && ingress.maxReplicas <= 1) {
            return List.of(Findings.fromProfile(this, "spec.multiZone.zoneIngress.maxReplicas",
                    "spec.multiZone.zoneIngress.maxReplicas is " + ingress.maxReplicas + ": the zone ingress never runs more than one replica",
                    "set spec.multiZone.zoneIngress.maxReplicas: 10 and minReplicas: 2"));
        }
        if (ingress.minReplicas != null && ingress.minReplicas <= 1) {
            return List.of(Findings.fromProfile(this, "spec.multiZone.zoneIngress.minReplicas",
                    "spec.multiZone.zoneIngress.minReplicas is " + ingress.minReplicas + ": at low load the zone ingress scales down to one replica",
                    "set spec.multiZone.zoneIngress.minReplicas: 2"));
        }
        return List.of();
    }
}
