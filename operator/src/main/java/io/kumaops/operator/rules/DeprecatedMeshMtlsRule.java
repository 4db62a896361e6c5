package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;

/** Mesh.mtls is removed in Kuma 3.0; from 2.12 MeshIdentity / MeshTrust are its replacement. */
public final class DeprecatedMeshMtlsRule extends AbstractRule {

    public static final String CODE = "DeprecatedMeshMtls";

    public DeprecatedMeshMtlsRule() {
        super(CODE, Severity.Info);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "mTLS is configured through Mesh.mtls, which Kuma 3.0 removes.",
                "The operator configures mTLS through the Mesh's mtls section. Kuma 2.12 adds MeshIdentity and MeshTrust"
                        + " and Kuma 3.0 removes Mesh.mtls, so meshes on 2.12+ should plan the migration before upgrading to 3.0.",
                "Plan the move to MeshIdentity / MeshTrust before upgrading to Kuma 3.0; nothing to change for 2.x.",
                RuleDoc.Evidence.Profile,
                "kumahq/kuma UPGRADE.md (HEAD, 3.0): Mesh.mtls removed; MeshIdentity / MeshTrust added in 2.12.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        if (!EffectiveFacts.mtlsEnabled(context)
                || !EffectiveFacts.kumaVersionAtLeast(context, ProductionThresholds.MESH_IDENTITY_MINOR)) {
            return List.of();
        }
        return List.of(Findings.fromProfile(this, "spec.mtls",
                // The running control plane's version judges when it is known (ResolvedProfile#kumaVersion).
                (context.resolved().running().isPresent() ? "the control plane runs Kuma " + context.resolved().kumaVersion()
                        : "spec.kumaVersion is " + EffectiveFacts.spec(context).kumaVersion)
                        + " and spec.mtls.enabled is true: mTLS is configured through Mesh.mtls, which Kuma 3.0 removes",
                "plan the migration to MeshIdentity / MeshTrust before upgrading to Kuma 3.0"));
    }
}
