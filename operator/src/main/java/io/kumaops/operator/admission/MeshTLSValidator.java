package io.kumaops.operator.admission;

import static io.kumaops.operator.admission.TargetRefRules.DATAPLANE;
import static io.kumaops.operator.admission.TargetRefRules.MESH;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SUBSET;

import io.kumaops.operator.model.KumaVersion;
import java.util.List;
import java.util.Map;

/** Kuma's admission of MeshTLS (Kuma {@code pkg/plugins/policies/meshtls/api/v1alpha1/validator.go}). */
final class MeshTLSValidator extends PolicyAdmission {

    static final String SOURCE = "pkg/plugins/policies/meshtls/api/v1alpha1/validator.go";
    private static final String DEPRECATED_SOURCE = "pkg/plugins/policies/meshtls/api/v1alpha1/deprecated.go";

    private static final List<String> MODES = List.of("Strict", "Permissive");
    // Kuma api/common/v1alpha1/tls/tls.go
    private static final List<String> VERSIONS = List.of("TLSAuto", "TLS10", "TLS11", "TLS12", "TLS13");
    private static final List<String> CIPHERS = List.of("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305");

    @Override
    public String kind() {
        return "MeshTLS";
    }

    @Override
    String kumaSource() {
        return SOURCE;
    }

    @Override
    SpecShape shape(KumaVersion version) {
        SpecShape conf = SpecShape.object()
                .field("tlsVersion", SpecShape.object().values("min", "max").build())
                .values("tlsCiphers", "mode")
                .build();
        // Kuma meshtls.go: rules arrive in 2.10
        return SpecShape.object()
                .field("targetRef", TARGET_REF)
                .field("from", SpecShape.list(SpecShape.object().field("targetRef", TARGET_REF).field("default", conf).build()))
                .fieldIf(version.atLeast(2, 10), "rules", SpecShape.list(SpecShape.object().field("default", conf).build()))
                .build();
    }

    @Override
    void validateSpec(Policy policy, ValidationErrors err) {
        FieldPath spec = spec();
        KumaVersion version = policy.version();
        Map<String, Object> targetRef = policy.targetRef();
        if (targetRef != null) {
            TargetRefRules.Options top = policy.atLeast(2, 10)
                    ? TargetRefRules.Options.of(MESH, MESH_SUBSET, DATAPLANE).inbound(policy.affectsInbounds())
                    : TargetRefRules.Options.of(MESH, MESH_SUBSET);
            err.addAll(spec.field("targetRef"), TargetRefRules.validate(targetRef, top, version));
        }
        List<Object> rules = policy.list("rules");
        List<Object> from = policy.list("from");
        if (!rules.isEmpty() && !from.isEmpty()) {
            err.addViolation(spec, "field 'from' must be empty when 'rules' is defined");
        }
        String topLevelKind = policy.topLevelKind();
        for (int i = 0; i < rules.size(); i++) {
            validateDefault(spec.field("rules").index(i).field("default"), itemDefault(rules.get(i)), topLevelKind, err);
        }
        for (int i = 0; i < from.size(); i++) {
            FieldPath path = spec.field("from").index(i);
            err.addAll(path.field("targetRef"), TargetRefRules.validate(itemTargetRef(from.get(i)), TargetRefRules.Options.of(MESH), version));
            validateDefault(path.field("default"), itemDefault(from.get(i)), topLevelKind, err);
        }
    }

    private static void validateDefault(FieldPath path, Map<String, Object> conf, String topLevelKind, ValidationErrors err) {
        String mode = Tree.string(conf.get("mode"));
        if (mode != null && !MODES.contains(mode)) {
            err.addViolation(path.field("mode"), PolicyValidators.mustBeOneOf("mode", MODES));
        }
        // versions and ciphers are listener-wide, so only a mesh-wide policy may set them
        List<Object> ciphers = PolicyValidators.list(conf, "tlsCiphers");
        if (!ciphers.isEmpty() && !topLevelKind.equals(MESH)) {
            err.addViolation(path.field("tlsCiphers"), "tlsCiphers can only be defined with top level targetRef kind: Mesh");
        } else if (!ciphers.stream().map(String::valueOf).allMatch(CIPHERS::contains)) {
            err.addViolation(path.field("tlsCiphers"), PolicyValidators.mustBeOneOf("tlsCiphers", CIPHERS));
        }
        if (PolicyValidators.present(conf, "tlsVersion")) {
            if (!topLevelKind.equals(MESH)) {
                err.addViolation(path.field("tlsVersion"), "tlsVersion can only be defined with top level targetRef kind: Mesh");
            } else {
                validateVersion(path.field("tlsVersion"), Tree.map(conf.get("tlsVersion")), err);
            }
        }
    }

    /** Kuma {@code api/common/v1alpha1/tls/tls.go} {@code ValidateVersion}. */
    private static void validateVersion(FieldPath path, Map<String, Object> version, ValidationErrors err) {
        String min = Tree.string(version.get("min"));
        String max = Tree.string(version.get("max"));
        boolean specificMin = false;
        boolean specificMax = false;
        if (min != null) {
            if (!VERSIONS.contains(min)) {
                err.addViolation(path.field("min"), PolicyValidators.mustBeOneOf("min", VERSIONS));
            } else {
                specificMin = !min.equals("TLSAuto");
            }
        }
        if (max != null) {
            if (!VERSIONS.contains(max)) {
                err.addViolation(path.field("max"), PolicyValidators.mustBeOneOf("max", VERSIONS));
            } else {
                specificMax = !max.equals("TLSAuto");
            }
        }
        // TLS10 … TLS13 order as listed, after TLSAuto
        if (specificMin && specificMax && VERSIONS.indexOf(min) > VERSIONS.indexOf(max)) {
            err.addViolation(path.field("min"), "min version must be lower than max");
        }
    }

    @Override
    void deprecations(Policy policy, List<AdmissionWarning> warnings) {
        // Kuma meshtls/api/v1alpha1/deprecated.go exists from 2.10: 'from', then the top-level kinds
        if (policy.atLeast(2, 10)) {
            PolicyDeprecations.fromInsteadOfRules(policy.spec(), DEPRECATED_SOURCE, warnings);
            PolicyDeprecations.topLevelTargetRef(policy.targetRef(), policy.version(), warnings);
        }
    }
}
