package io.kumaops.operator.standin;

import io.kumaops.operator.admission.AdmissionRequest;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.admission.AdmissionVerdict;
import io.kumaops.operator.admission.AdmissionWarning;
import io.kumaops.operator.admission.KumaAdmission;
import io.kumaops.operator.admission.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@code admission.k8s.io/v1} AdmissionReview in, Kuma's answer out: the request becomes an {@link AdmissionRequest}
 * for the stand-in's target, {@link KumaAdmission} judges it, and a refusal is answered in the shape Kuma's own
 * webhook answers it (Kuma {@code pkg/plugins/runtime/k8s/webhooks/validation.go}). Works on JSON trees as Jackson reads
 * them; no I/O.
 */
final class AdmissionReviews {

    static final String API_VERSION = "admission.k8s.io/v1";

    // Kinds Kuma registers as plugin-originated (IsPluginOriginated in each zz_generated.resource.go): their validators
    // already name fields from the object's root. For every other kind Kuma's webhook puts the spec validator's
    // fields under "spec" (validation.go and webhooks/mesh_validator.go, convertSpecValidationError).
    private static final Set<String> PLUGIN_ORIGINATED = Set.of(
            "MeshAccessLog", "MeshCircuitBreaker", "MeshFaultInjection", "MeshHealthCheck", "MeshHTTPRoute",
            "MeshLoadBalancingStrategy", "MeshMetric", "MeshPassthrough", "MeshProxyPatch", "MeshRateLimit", "MeshRetry",
            "MeshTCPRoute", "MeshTimeout", "MeshTLS", "MeshTrace", "MeshTrafficPermission",
            "MeshIdentity", "MeshTrust", "MeshService", "MeshExternalService", "MeshMultiZoneService", "HostnameGenerator",
            "Workload", "MeshZoneAddress", "MeshOpenTelemetryBackend");

    // Refusals Kuma answers with admission.Denied or its forbiddenResponse: 403, reason Forbidden, the bare message
    // (webhooks/resourceadmissionchecker.go, webhooks/containerpatch_validator.go).
    private static final Set<String> FORBIDDEN_SOURCES = Set.of(
            "pkg/plugins/runtime/k8s/webhooks/resourceadmissionchecker.go",
            "pkg/plugins/runtime/k8s/webhooks/containerpatch_validator.go");

    // The defaulting webhook fails the policy-role computation with admission.Errored(500) (webhooks/defaulter.go).
    private static final String DEFAULTER = "pkg/plugins/runtime/k8s/webhooks/defaulter.go";

    // An object Kuma cannot decode is admission.Errored(400) (validation.go decode; pkg/util/proto/proto.go for the spec).
    private static final Set<String> DECODE_SOURCES = Set.of(
            "pkg/plugins/runtime/k8s/webhooks/validation.go", "pkg/util/proto/proto.go");

    // Label and mesh checks are answered as they are, without the "spec" prefix (validation.go, meta_validator.go).
    private static final Set<String> METADATA_SOURCES = Set.of(
            "pkg/plugins/runtime/k8s/webhooks/validation.go", "pkg/core/resources/apis/mesh/meta_validator.go");

    private AdmissionReviews() {
    }

    /** The request of a review as the model takes it, or null when Kuma's webhook has nothing to judge (CONNECT). */
    static AdmissionRequest toRequest(Map<String, Object> review, AdmissionTarget target) {
        Map<String, Object> request = map(review.get("request"));
        AdmissionRequest.Operation operation;
        try {
            operation = AdmissionRequest.Operation.valueOf(String.valueOf(request.get("operation")));
        } catch (IllegalArgumentException e) {
            return null;
        }
        Map<String, Object> object = map(request.get("object"));
        Map<String, Object> old = request.get("oldObject") == null ? null : map(request.get("oldObject"));
        if (operation == AdmissionRequest.Operation.DELETE) {
            // The API server sends only the stored object on delete; Kuma's webhook decodes oldObject.
            object = old == null ? object : old;
        } else {
            // Kuma's defaulting webhook has changed a Mesh before its validating webhook judges it.
            object = MeshDefaulting.apply(object);
        }
        if (object.isEmpty()) {
            return null;
        }
        AdmissionRequest.UserInfo user = null;
        Map<String, Object> userInfo = map(request.get("userInfo"));
        if (userInfo.get("username") != null) {
            List<String> groups = new ArrayList<>();
            if (userInfo.get("groups") instanceof List<?> list) {
                list.forEach(g -> groups.add(String.valueOf(g)));
            }
            user = new AdmissionRequest.UserInfo(String.valueOf(userInfo.get("username")), groups);
        }
        return new AdmissionRequest(target, operation, object, operation == AdmissionRequest.Operation.CREATE ? null : old)
                .withUserInfo(user);
    }

    /** Judges a review and returns the AdmissionReview to answer with. */
    static Map<String, Object> answer(Map<String, Object> review, AdmissionTarget target, KumaAdmission admission) {
        Map<String, Object> request = map(review.get("request"));
        AdmissionRequest admissionRequest = toRequest(review, target);
        if (admissionRequest == null) {
            return allowed(request.get("uid"), List.of());
        }
        AdmissionVerdict verdict = admission.review(admissionRequest);
        if (verdict.allowed()) {
            return allowed(request.get("uid"), verdict.warnings());
        }
        return refused(request.get("uid"), admissionRequest, verdict);
    }

    static Map<String, Object> allowed(Object uid, List<AdmissionWarning> warnings) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("uid", uid);
        response.put("allowed", true);
        if (!warnings.isEmpty()) {
            response.put("warnings", warnings.stream().map(AdmissionWarning::toString).toList());
        }
        return review(response);
    }

    static Map<String, Object> refused(Object uid, AdmissionRequest request, AdmissionVerdict verdict) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("uid", uid);
        response.put("allowed", false);
        response.put("status", status(request, verdict));
        return review(response);
    }

    /** The {@code metav1.Status} Kuma's webhook puts in a refusal, chosen by the rule that refused. */
    static Map<String, Object> status(AdmissionRequest request, AdmissionVerdict verdict) {
        List<Violation> violations = verdict.violations();
        String source = violations.get(0).kumaSource();
        boolean fieldless = violations.stream().allMatch(v -> v.field().isEmpty());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("metadata", Map.of());
        if (source != null && FORBIDDEN_SOURCES.contains(source) && fieldless) {
            status.put("status", "Failure");
            status.put("message", verdict.message());
            status.put("reason", "Forbidden");
            status.put("code", 403);
            return status;
        }
        if (DEFAULTER.equals(source)) {
            status.put("message", verdict.message());
            status.put("code", 500);
            return status;
        }
        if (request.isDelete() || (fieldless && source != null && DECODE_SOURCES.contains(source))) {
            // admission.Errored(400, err): Kuma's delete checks (managers/apis/mesh/mesh_validator.go,
            // managers/apis/zone/zone_validator.go) and decode errors carry only err.Error().
            status.put("message", goError(violations, false));
            status.put("code", 400);
            return status;
        }
        List<Map<String, Object>> causes = new ArrayList<>();
        List<Violation> answered = new ArrayList<>();
        for (Violation violation : violations) {
            Violation shown = new Violation(answeredField(request.kind(), violation), violation.message(), violation.kumaSource());
            answered.add(shown);
            Map<String, Object> cause = new LinkedHashMap<>();
            cause.put("reason", "FieldValueInvalid");
            cause.put("message", violation.message());
            cause.put("field", shown.field());
            causes.add(cause);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", request.name());
        details.put("kind", request.kind());
        details.put("causes", causes);
        status.put("status", "Failure");
        status.put("message", goError(answered, true));
        status.put("reason", "Invalid");
        status.put("details", details);
        status.put("code", 422);
        return status;
    }

    /** The field as Kuma's webhook names it: a spec rule of a kind that is not plugin-originated goes under {@code spec}. */
    static String answeredField(String kind, Violation violation) {
        if (PLUGIN_ORIGINATED.contains(kind) || (violation.kumaSource() != null && METADATA_SOURCES.contains(violation.kumaSource()))) {
            return violation.field();
        }
        String field = violation.field();
        if (field.isEmpty()) {
            return "spec";
        }
        return field.startsWith("[") ? "spec" + field : "spec." + field;
    }

    /**
     * Kuma's {@code ValidationError.Error()}: {@code field: message} joined with {@code "; "}, an empty field left empty
     * (Kuma pkg/core/validators/types.go). A bare error (not a ValidationError) is its message alone.
     */
    static String goError(List<Violation> violations, boolean validationError) {
        StringBuilder out = new StringBuilder();
        for (Violation violation : violations) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            if (validationError || !violation.field().isEmpty()) {
                out.append(violation.field()).append(": ");
            }
            out.append(violation.message());
        }
        return out.toString();
    }

    private static Map<String, Object> review(Map<String, Object> response) {
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("apiVersion", API_VERSION);
        review.put("kind", "AdmissionReview");
        review.put("response", response);
        return review;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }
}
