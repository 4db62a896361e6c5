package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;

/** Only zone control planes should reach the global control plane (KDS); data planes never need to. */
public final class GlobalControlPlaneExposedToDataplanesRule extends AbstractRule {

    public static final String CODE = "GlobalControlPlaneExposedToDataplanes";

    public GlobalControlPlaneExposedToDataplanesRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "The global control plane is not fenced from data planes.",
                "The global control plane serves only zone control planes (KDS, port 5685). Leaving it reachable from"
                        + " workloads widens the attack surface of the component that holds every zone's policies.",
                "Set spec.multiZone.fenceGlobalControlPlane: true (a NetworkPolicy admits only the KDS port and the"
                        + " admission webhook) and list spec.multiZone.zoneControlPlaneCidrs.",
                RuleDoc.Evidence.Profile,
                "Kuma multi-zone deployment docs; global CP KDS port 5685 (controlPlane.kdsGlobalAddress).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        if (EffectiveFacts.role(context) != ControlPlaneRole.Global
                || !Boolean.FALSE.equals(EffectiveFacts.multiZone(context).fenceGlobalControlPlane)) {
            return List.of();
        }
        return List.of(Findings.fromProfile(this, "spec.multiZone.fenceGlobalControlPlane",
                "spec.controlPlane.role is Global and spec.multiZone.fenceGlobalControlPlane is false: data planes can reach the global control plane",
                "set spec.multiZone.fenceGlobalControlPlane: true"));
    }
}
