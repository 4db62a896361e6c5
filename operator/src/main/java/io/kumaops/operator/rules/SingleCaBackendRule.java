package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;

/** A CA can only be rotated by switching to a second backend; with one there is no rotation path. */
public final class SingleCaBackendRule extends AbstractRule {

    public static final String CODE = "SingleCaBackend";

    public SingleCaBackendRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "mTLS has a single CA backend.",
                "A mesh's CA is rotated by adding a second backend, switching enabledBackend to it and retiring the old one"
                        + " after the data-plane certificate validity. With one backend a compromised or expiring CA can only"
                        + " be replaced by turning mTLS off.",
                "List a second backend in spec.mtls.backends (it stays idle until enabledBackend switches to it).",
                RuleDoc.Evidence.Profile,
                "Production guide; Mesh.mtls.backends[] allows several backends, one enabled (kumahq/kuma mesh.proto).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        var backends = EffectiveFacts.mtls(context).backends;
        // Open-source Kuma admits exactly one backend: rotation there is the MeshIdentity path, not a second backend.
        if (EffectiveFacts.spec(context).effectiveDistribution() != Distribution.KongMesh
                || !EffectiveFacts.mtlsEnabled(context) || backends == null || backends.size() != 1) {
            return List.of();
        }
        String name = backends.get(0) == null ? "?" : backends.get(0).name;
        return List.of(Findings.fromProfile(this, "spec.mtls.backends",
                "spec.mtls.backends lists one backend (" + name + "): the CA cannot be rotated without disabling mTLS",
                "add a second backend to spec.mtls.backends, e.g. {name: " + name + "-next, type: Builtin}"));
    }
}
