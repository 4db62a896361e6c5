package io.kumaops.operator.admission;

import io.kumaops.operator.model.KumaVersion;
import java.util.List;
import java.util.Map;

/**
 * The deprecation warnings the new policies share. Kuma returns them as plain admission warnings (Kuma
 * {@code pkg/plugins/runtime/k8s/webhooks/validation.go}, {@code core_model.Deprecations}); here each also names the
 * field, the replacement and, where Kuma announces it, the version that removes the shape.
 */
final class PolicyDeprecations {

    static final String TOP_LEVEL_SOURCE = "pkg/plugins/policies/core/jsonpatch/validators/validator.go";

    private PolicyDeprecations() {
    }

    /** Kuma {@code TopLevelTargetRefDeprecations}, whose kinds and wording changed with the minors. */
    static void topLevelTargetRef(Map<String, Object> targetRef, KumaVersion version, List<AdmissionWarning> warnings) {
        if (targetRef == null) {
            return;
        }
        String kind = TargetRefRules.text(targetRef, "kind");
        String field = "spec.targetRef.kind";
        if (!version.atLeast(2, 11)) {
            // 2.9 steered MeshService to MeshSubset; 2.10 then deprecated MeshSubset itself
            if (kind.equals(TargetRefRules.MESH_SERVICE)) {
                warnings.add(new AdmissionWarning(field,
                        "MeshService value for 'targetRef.kind' is deprecated, use MeshSubset with 'kuma.io/service' tag instead",
                        "MeshSubset with the kuma.io/service tag", null, TOP_LEVEL_SOURCE));
            } else if (kind.equals(TargetRefRules.MESH_SUBSET) && version.atLeast(2, 10)) {
                warnings.add(dataplaneInstead(field, TargetRefRules.MESH_SUBSET));
            }
            return;
        }
        if (kind.equals(TargetRefRules.MESH_SERVICE) || kind.equals(TargetRefRules.MESH_SERVICE_SUBSET)
                || kind.equals(TargetRefRules.MESH_SUBSET)) {
            // 2.11 and 2.12 name MeshSubset whatever the kind; 2.13 names the kind written
            warnings.add(dataplaneInstead(field, version.atLeast(2, 13) ? kind : TargetRefRules.MESH_SUBSET));
        } else if (kind.equals(TargetRefRules.MESH_HTTP_ROUTE) && version.atLeast(2, 13)) {
            warnings.add(new AdmissionWarning(field,
                    "MeshHTTPRoute value for 'targetRef.kind' is deprecated, use MeshHTTPRoute in spec.to[].targetRef",
                    "MeshHTTPRoute in spec.to[].targetRef", null, TOP_LEVEL_SOURCE));
        }
    }

    private static AdmissionWarning dataplaneInstead(String field, String namedKind) {
        return new AdmissionWarning(field,
                namedKind + " value for 'targetRef.kind' is deprecated, use Dataplane with labels instead",
                "Dataplane with labels", null, TOP_LEVEL_SOURCE);
    }

    /** The {@code 'from' field is deprecated, use 'rules' instead} several kinds return from 2.10 on. */
    static void fromInsteadOfRules(Map<String, Object> spec, String kumaSource, List<AdmissionWarning> warnings) {
        if (!PolicyValidators.list(spec, "from").isEmpty()) {
            warnings.add(new AdmissionWarning("spec.from", "'from' field is deprecated, use 'rules' instead", "rules", null, kumaSource));
        }
    }
}
