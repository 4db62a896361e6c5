package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.PermissionAction;
import io.kumaops.operator.api.v1alpha1.PermissionRule;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionsSpec;
import io.kumaops.operator.model.Step;
import java.util.List;
import java.util.Set;

/**
 * Kuma never creates a MeshTrafficPermission, and with mTLS on no permission means deny-all. A Restricted profile
 * without a single allowing rule would remove the allow-all and leave nothing.
 */
public final class MtlsWithoutTrafficPermissionRule extends AbstractRule {

    public static final String CODE = "MtlsWithoutTrafficPermission";

    public MtlsWithoutTrafficPermissionRule() {
        super(CODE, Severity.Error);
    }

    @Override
    public Set<Step> blocks() {
        return Set.of(Step.RESTRICT);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "mTLS is enabled and the profile leaves no MeshTrafficPermission that allows traffic.",
                "Kuma (2.6 and later) never creates a default MeshTrafficPermission; with mTLS on, a mesh without one"
                        + " denies all traffic. trafficPermissions.mode Restricted removes the allow-all, so it needs at"
                        + " least one Allow rule.",
                "Add rules with action Allow (or AllowWithShadowDeny) to spec.trafficPermissions.rules, or keep"
                        + " spec.trafficPermissions.mode: AllowAll until they are written.",
                RuleDoc.Evidence.Profile,
                "kuma-website policies/mutual-tls.md; kumahq/kuma UPGRADE.md \"Upgrade to 2.6.x\".");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        TrafficPermissionsSpec permissions = EffectiveFacts.trafficPermissions(context);
        if (!EffectiveFacts.mtlsEnabled(context) || permissions.mode != TrafficPermissionMode.Restricted) {
            return List.of();
        }
        List<PermissionRule> rules = permissions.rules == null ? List.of() : permissions.rules;
        // AllowWithShadowDeny still lets traffic through; only Deny leaves a mesh silent.
        boolean anyAllow = rules.stream().anyMatch(rule -> rule != null && rule.action != null && rule.action.letsTrafficThrough());
        if (anyAllow) {
            return List.of();
        }
        String what = rules.isEmpty() ? "has no rules" : "has only Deny rules (" + rules.size() + ")";
        return List.of(Findings.fromProfile(this, "spec.trafficPermissions.rules",
                "spec.mtls.enabled is true and spec.trafficPermissions.mode is Restricted but spec.trafficPermissions.rules "
                        + what + ": once the allow-all is removed, all traffic is denied",
                "add at least one rule with action: Allow to spec.trafficPermissions.rules, or set spec.trafficPermissions.mode: AllowAll"));
    }
}
