package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Step;
import java.util.List;
import java.util.Set;

/** Cross-zone traffic goes through zone ingresses, which route by SNI: without mTLS it cannot work and is not encrypted. */
public final class CrossZoneWithoutMtlsRule extends AbstractRule {

    public static final String CODE = "CrossZoneWithoutMtls";

    public CrossZoneWithoutMtlsRule() {
        super(CODE, Severity.Error);
    }

    @Override
    public Set<Step> blocks() {
        return Set.of(Step.MULTI_ZONE);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "A multi-zone deployment without mTLS.",
                "Traffic between zones crosses networks you may not own and reaches services through zone ingresses that"
                        + " need mTLS to route; without it cross-zone traffic is plaintext or fails.",
                "Set spec.mtls.enabled: true with at least one backend and spec.mtls.enabledBackend; the operator enables"
                        + " multi-zone only after mTLS is observed on.",
                RuleDoc.Evidence.Profile,
                "Kuma multi-zone deployment docs; open request kuma-gui#265 (warn on multizone without mTLS).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        if (!EffectiveFacts.multiZoneDeployment(context) || EffectiveFacts.mtlsEnabled(context)) {
            return List.of();
        }
        ControlPlaneRole role = EffectiveFacts.role(context);
        String why = Boolean.TRUE.equals(EffectiveFacts.multiZone(context).enabled)
                ? "spec.multiZone.enabled is true"
                : "spec.controlPlane.role is " + role;
        return List.of(Findings.fromProfile(this, "spec.mtls.enabled",
                why + " but spec.mtls.enabled is false: cross-zone traffic would be unencrypted or fail",
                "set spec.mtls.enabled: true with a backend in spec.mtls.backends and spec.mtls.enabledBackend naming it"));
    }
}
