package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.MtlsMode;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;

/** Permissive accepts plaintext inbound: a migration state, not a final one. */
public final class PermissiveMtlsModeRule extends AbstractRule {

    public static final String CODE = "PermissiveMtlsMode";

    public PermissiveMtlsModeRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "mTLS is left in Permissive mode.",
                "In Permissive mode proxies accept plaintext inbound traffic, so anything that reaches a pod bypasses"
                        + " identity and MeshTrafficPermissions. It exists to migrate workloads into the mesh.",
                "Once every workload is in the mesh, set spec.mtls.mode: Strict.",
                RuleDoc.Evidence.Profile,
                "Mesh mtls.backends[].mode PERMISSIVE (since 1.4.1) is temporary (kuma-website policies/mutual-tls.md).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        if (!EffectiveFacts.mtlsEnabled(context) || EffectiveFacts.mtlsMode(context) != MtlsMode.Permissive) {
            return List.of();
        }
        return List.of(Findings.fromProfile(this, "spec.mtls.mode",
                "spec.mtls.mode is Permissive: proxies accept plaintext inbound traffic",
                "set spec.mtls.mode: Strict once every workload runs a sidecar"));
    }
}
