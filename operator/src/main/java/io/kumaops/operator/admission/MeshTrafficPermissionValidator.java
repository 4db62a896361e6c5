package io.kumaops.operator.admission;

import static io.kumaops.operator.admission.TargetRefRules.DATAPLANE;
import static io.kumaops.operator.admission.TargetRefRules.MESH;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE_SUBSET;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SUBSET;

import io.kumaops.operator.model.KumaVersion;
import java.util.List;
import java.util.Map;

/**
 * Kuma's admission of MeshTrafficPermission (Kuma
 * {@code pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/validator.go}): {@code from} until 2.12 brings
 * {@code rules}, whose matches allow or deny by SPIFFE ID (and, from 2.14, by SNI).
 */
final class MeshTrafficPermissionValidator extends PolicyAdmission {

    static final String SOURCE = "pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/validator.go";
    private static final String DEPRECATED_SOURCE = "pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/deprecated.go";

    private static final List<String> RULE_LISTS = List.of("allow", "allowWithShadowDeny", "deny");

    @Override
    public String kind() {
        return "MeshTrafficPermission";
    }

    @Override
    String kumaSource() {
        return SOURCE;
    }

    @Override
    SpecShape shape(KumaVersion version) {
        SpecShape from = SpecShape.object()
                .field("targetRef", TARGET_REF)
                .field("default", SpecShape.object().values("action").build())
                .build();
        SpecShape.Builder ruleConf = SpecShape.object();
        SpecShape matches = SpecShape.list(PolicyMatches.shape(version));
        RULE_LISTS.forEach(list -> ruleConf.field(list, matches));
        // Kuma meshtrafficpermission.go: rules arrive in 2.12
        return SpecShape.object()
                .field("targetRef", TARGET_REF)
                .field("from", SpecShape.list(from))
                .fieldIf(version.atLeast(2, 12), "rules", SpecShape.list(SpecShape.object().field("default", ruleConf.build()).build()))
                .build();
    }

    @Override
    void validateSpec(Policy policy, ValidationErrors err) {
        FieldPath spec = spec();
        KumaVersion version = policy.version();
        Map<String, Object> targetRef = policy.targetRef();
        if (targetRef != null) {
            TargetRefRules.Options top = policy.atLeast(2, 10)
                    ? TargetRefRules.Options.of(MESH, MESH_SUBSET, MESH_SERVICE, MESH_SERVICE_SUBSET, DATAPLANE).inbound(policy.affectsInbounds())
                    : TargetRefRules.Options.of(MESH, MESH_SUBSET, MESH_SERVICE, MESH_SERVICE_SUBSET);
            err.addAll(spec.field("targetRef"), TargetRefRules.validate(targetRef, top, version));
        }
        List<Object> from = policy.list("from");
        List<Object> rules = policy.list("rules");
        if (!policy.atLeast(2, 12)) {
            if (from.isEmpty()) {
                err.addViolation(spec.field("from"), "needs at least one item");
            }
        } else {
            if (!from.isEmpty() && !rules.isEmpty()) {
                err.addViolation(spec, "field 'from' must be empty when 'rules' is defined");
            }
            if (from.isEmpty() && rules.isEmpty()) {
                err.addViolation(spec, "at least one of 'from' or 'rules' has to be defined");
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            FieldPath path = spec.field("rules").index(i);
            Map<String, Object> conf = itemDefault(rules.get(i));
            if (RULE_LISTS.stream().allMatch(list -> PolicyValidators.list(conf, list).isEmpty())) {
                err.addViolation(path, "at least one of 'allow', 'allowWithShadowDeny', 'deny' has to be defined");
            }
            for (String list : RULE_LISTS) {
                List<Object> matches = PolicyValidators.list(conf, list);
                for (int m = 0; m < matches.size(); m++) {
                    err.addAll(path.field(list).index(m), TargetRefRules.match(Tree.map(matches.get(m)), version));
                }
            }
        }
        for (int i = 0; i < from.size(); i++) {
            FieldPath path = spec.field("from").index(i);
            err.addAll(path.field("targetRef"), TargetRefRules.validate(itemTargetRef(from.get(i)),
                    TargetRefRules.Options.of(MESH, MESH_SUBSET, MESH_SERVICE, MESH_SERVICE_SUBSET), version));
            if (TargetRefRules.text(itemDefault(from.get(i)), "action").isEmpty()) {
                err.addViolation(path.field("default").field("action"), PolicyValidators.MUST_BE_DEFINED);
            }
        }
    }

    @Override
    void deprecations(Policy policy, List<AdmissionWarning> warnings) {
        List<Object> from = policy.list("from");
        boolean v214 = policy.atLeast(2, 14);
        if (!v214) {
            PolicyDeprecations.topLevelTargetRef(policy.targetRef(), policy.version(), warnings);
        }
        if (v214 && !from.isEmpty()) {
            // 3.0 drops 'from': permissions follow the MeshIdentity a proxy presents
            warnings.add(new AdmissionWarning("spec.from",
                    "'from' field is deprecated and will be removed in 3.0, use 'rules' with MeshIdentity (spiffeId) instead",
                    "rules with MeshIdentity (spiffeId)", "3.0", DEPRECATED_SOURCE));
        }
        for (int i = 0; i < from.size(); i++) {
            if (TargetRefRules.text(itemTargetRef(from.get(i)), "kind").equals(MESH_SERVICE)) {
                warnings.add(new AdmissionWarning("spec.from[" + i + "].targetRef.kind",
                        "MeshService value for 'from[].targetRef.kind' is deprecated, use MeshSubset with 'kuma.io/service' instead",
                        "MeshSubset with kuma.io/service", null, DEPRECATED_SOURCE));
            }
        }
        if (v214) {
            PolicyDeprecations.topLevelTargetRef(policy.targetRef(), policy.version(), warnings);
        }
    }
}
