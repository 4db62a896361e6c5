package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import java.util.List;

/** Allow-all is the safe way to adopt mTLS, but it leaves every service reachable by every other. */
public final class AllowAllTrafficPermissionRule extends AbstractRule {

    public static final String CODE = "AllowAllTrafficPermission";

    public AllowAllTrafficPermissionRule() {
        super(CODE, Severity.Info);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Traffic permissions allow all traffic.",
                "An allow-all MeshTrafficPermission keeps traffic flowing while mTLS is adopted, but any compromised"
                        + " workload can then call every service. Zero trust needs restricted permissions.",
                "Write the permissions in spec.trafficPermissions.rules and set spec.trafficPermissions.mode: Restricted;"
                        + " the operator creates and observes them before it removes the allow-all.",
                RuleDoc.Evidence.Profile,
                "MeshTrafficPermission allow-all example (kuma-website policies/meshtrafficpermission.md).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        TrafficPermissionMode mode = EffectiveFacts.trafficPermissions(context).mode;
        if (mode != null && mode != TrafficPermissionMode.AllowAll) {
            return List.of();
        }
        return List.of(Findings.fromProfile(this, "spec.trafficPermissions.mode",
                "spec.trafficPermissions.mode is AllowAll: every workload in the mesh may call every service",
                "add rules to spec.trafficPermissions.rules and set spec.trafficPermissions.mode: Restricted"));
    }
}
