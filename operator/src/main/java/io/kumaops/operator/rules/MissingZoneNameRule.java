package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;

/** A zone control plane connects to the global one under its zone name; without it the zone cannot join. */
public final class MissingZoneNameRule extends AbstractRule {

    public static final String CODE = "MissingZoneName";

    public MissingZoneNameRule() {
        super(CODE, Severity.Error);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "A zone control plane without a zone name.",
                "A zone control plane registers with the global control plane under its name (Helm controlPlane.zone);"
                        + " policies labelled for the zone and the Zone object depend on it.",
                "Set spec.controlPlane.zoneName to the zone's name (the same as Helm controlPlane.zone).",
                RuleDoc.Evidence.Profile,
                "Kuma Helm values for a zone control plane: controlPlane.mode=zone, controlPlane.zone=<name>.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        String zoneName = EffectiveFacts.controlPlane(context).zoneName;
        if (EffectiveFacts.role(context) != ControlPlaneRole.Zone || (zoneName != null && !zoneName.isBlank())) {
            return List.of();
        }
        return List.of(Findings.fromProfile(this, "spec.controlPlane.zoneName",
                "spec.controlPlane.role is Zone and spec.controlPlane.zoneName is empty",
                "set spec.controlPlane.zoneName to the zone's name, as in Helm controlPlane.zone"));
    }
}
