package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.DocsLinks;
import io.kumaops.operator.model.Labels;

/**
 * Open-source Kuma's Mesh manager refuses a change of {@code mtls.enabledBackend} while mTLS is on ("Changing CA when
 * mTLS is enabled is forbidden. Disable mTLS first and then change the CA", Kuma
 * pkg/core/managers/apis/mesh/mesh_validator.go {@code validateMTLSBackendChange}) and admits one backend per Mesh
 * (pkg/core/resources/apis/mesh/mesh_validator.go {@code AllowedMTLSBackends = 1}). The add → switch → retire rotation
 * therefore cannot run there: this finding says so before the admission gate would, and names the two ways out.
 */
final class KumaCaSwitchRefusal {

    static final String CODE = "CaSwitchRefusedByKuma";

    private KumaCaSwitchRefusal() {
    }

    /** The blocking finding for a profile that enables {@code wanted} where the live Mesh has {@code live} enabled. */
    static Finding finding(PlanContext c, String live, String wanted) {
        String meshIdentity = c.version.meshIdentityAvailable()
                ? "move the mesh's identity to MeshIdentity and MeshTrust (Kuma 2.12+; the Mesh needs meshServices.mode: Exclusive)"
                : "upgrade to Kuma 2.12+ and move the mesh's identity to MeshIdentity and MeshTrust (Kuma " + c.version
                        + " has neither)";
        Finding finding = new Finding(CODE, Severity.Error, "spec.mtls.enabledBackend",
                "mesh " + c.mesh + " has mTLS on with backend " + live + " and spec.mtls.enabledBackend is " + wanted
                        + ": open-source Kuma refuses a change of CA while mTLS is on (\"Changing CA when mTLS is enabled is forbidden\")"
                        + " and admits one backend per Mesh, so the CA cannot be rotated in place; nothing of step "
                        + io.kumaops.operator.model.Step.MTLS.id() + " is written",
                "keep spec.mtls.enabledBackend: " + live + ", or change the CA one of two ways: " + meshIdentity
                        + "; or plan an mTLS-off window by hand: set spec.rollout.paused: true, remove mtls.enabledBackend from"
                        + " Mesh " + c.mesh + " with a server-side apply under the field manager " + Labels.FIELD_MANAGER
                        + " (docs/rollout.md#on-open-source-kuma), set the new backend alone in spec.mtls (mode: Permissive), set paused: false"
                        + " so the operator enables it, then mode: Strict once every proxy holds a certificate from it. While mTLS is"
                        + " off traffic is plaintext and MeshTrafficPermissions are not enforced");
        finding.source = FindingSource.Cluster;
        finding.docsUrl = DocsLinks.finding(CODE);
        finding.suppressed = false;
        return finding;
    }
}
