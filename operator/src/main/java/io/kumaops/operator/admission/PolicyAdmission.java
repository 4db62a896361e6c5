package io.kumaops.operator.admission;

import io.kumaops.operator.model.KumaVersion;
import java.util.List;
import java.util.Map;

/**
 * How Kuma's webhooks judge one of the new (plugin-originated) policies on Kubernetes, which the kind validators share:
 * decode the spec into the minor's Go type, compute the policy role, run the kind's {@code validate()}, and return the
 * kind's {@code Deprecations()} as warnings with an admitted object (Kuma
 * {@code pkg/plugins/runtime/k8s/webhooks/defaulter.go} and {@code validation.go}). Label, namespace and zone rules
 * that apply to every kind are not part of this.
 */
abstract class PolicyAdmission implements KindValidator {

    static final String WEBHOOK_SOURCE = "pkg/plugins/runtime/k8s/webhooks/validation.go";

    /** Kuma {@code api/common/v1alpha1} {@code TargetRef}: every field exists from 2.9 on. */
    static final SpecShape TARGET_REF = SpecShape.object()
            .values("kind", "name", "tags", "mesh", "proxyTypes", "namespace", "labels", "sectionName")
            .build();

    /** The policy as its validator sees it. */
    record Policy(Map<String, Object> spec, PolicyRoles.Role role, KumaVersion version) {

        /** The top-level targetRef, or null when the spec has none. */
        Map<String, Object> targetRef() {
            return spec.containsKey("targetRef") ? Tree.map(spec.get("targetRef")) : null;
        }

        /** The kind Kuma falls back on: the targetRef's kind, Mesh when there is no targetRef. */
        String topLevelKind() {
            Map<String, Object> ref = targetRef();
            return ref == null ? TargetRefRules.MESH : TargetRefRules.text(ref, "kind");
        }

        List<Object> list(String field) {
            return PolicyValidators.list(spec, field);
        }

        boolean atLeast(int major, int minor) {
            return version.atLeast(major, minor);
        }

        /** Kuma {@code pkg/plugins/policies/core/rules/inbound} {@code AffectsInbounds}: rules or from items. */
        boolean affectsInbounds() {
            return !list("rules").isEmpty() || !list("from").isEmpty();
        }
    }

    /** The Go type of the kind's spec at that minor. */
    abstract SpecShape shape(KumaVersion version);

    /** The kind's validator file in Kuma's source. */
    abstract String kumaSource();

    abstract void validateSpec(Policy policy, ValidationErrors errors);

    abstract void deprecations(Policy policy, List<AdmissionWarning> warnings);

    @Override
    public final void validate(AdmissionRequest request, ValidationErrors errors, List<AdmissionWarning> warnings) {
        KumaVersion version = request.target().version();
        SpecShape shape = shape(version);
        if (request.operation() == AdmissionRequest.Operation.DELETE) {
            // Kuma webhooks/validation.go: a delete decodes the stored object and is then admitted
            // The stored object: as previous when the caller has both, as the object itself when it sent only that.
            Map<String, Object> stored = request.previousSpec() != null ? request.previousSpec() : request.spec();
            if (stored != null && !stored.isEmpty()) {
                decodeError(shape.decode(stored), errors);
            }
            return;
        }
        SpecShape.Decoded decoded = shape.decode(request.spec());
        if (decodeError(decoded, errors)) {
            return;
        }
        Map<String, Object> spec = decoded.spec();
        PolicyRoles.Role role = PolicyRoles.of(request, PolicyValidators.list(spec, "to"), PolicyValidators.list(spec, "from"));
        if (role.error() != null) {
            // ComputePolicyRole moved from model/resource.go to labels/compute.go in 2.14
            refuse(errors, role.error(), version.atLeast(2, 14) ? "pkg/core/resources/labels/compute.go" : "pkg/core/resources/model/resource.go");
            return;
        }
        Policy policy = new Policy(spec, role, version);
        ValidationErrors specErrors = new ValidationErrors();
        validateSpec(policy, specErrors);
        errors.addAll(specErrors.citing(kumaSource()));
        if (!errors.hasViolations()) {
            deprecations(policy, warnings);
        }
    }

    private static boolean decodeError(SpecShape.Decoded decoded, ValidationErrors errors) {
        if (decoded.failed()) {
            refuse(errors, decoded.error(), WEBHOOK_SOURCE);
        }
        return decoded.failed();
    }

    /** A refusal Kuma words as a whole-request error, not as a field's violation. */
    private static void refuse(ValidationErrors errors, String message, String kumaSource) {
        ValidationErrors refusal = new ValidationErrors();
        refusal.addViolation("", message);
        errors.addAll(refusal.citing(kumaSource));
    }

    /** The targetRef of a {@code to}, {@code from} item. */
    static Map<String, Object> itemTargetRef(Object item) {
        return Tree.map(Tree.map(item).get("targetRef"));
    }

    static Map<String, Object> itemDefault(Object item) {
        return Tree.map(Tree.map(item).get("default"));
    }

    static FieldPath spec() {
        return FieldPath.rootedAt("spec");
    }
}
