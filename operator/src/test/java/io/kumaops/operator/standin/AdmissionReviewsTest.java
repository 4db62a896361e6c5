package io.kumaops.operator.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.admission.AdmissionRequest;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.admission.AdmissionVerdict;
import io.kumaops.operator.admission.AdmissionWarning;
import io.kumaops.operator.admission.KumaAdmission;
import io.kumaops.operator.admission.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdmissionReviews in and out, and refusals in the shape Kuma's webhook answers them (Kuma webhooks/validation.go). */
class AdmissionReviewsTest {

    private static final AdmissionTarget KUMA = AdmissionTarget.defaults();

    private static Map<String, Object> review(String operation, Map<String, Object> object, Map<String, Object> old) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", "u-1");
        request.put("operation", operation);
        request.put("kind", Map.of("group", "kuma.io", "version", "v1alpha1", "kind", object == null ? old.get("kind") : object.get("kind")));
        request.put("object", object);
        request.put("oldObject", old);
        request.put("userInfo", Map.of("username", "system:serviceaccount:kube-system:generic-garbage-collector",
                "groups", List.of("system:serviceaccounts")));
        return Map.of("apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview", "request", request);
    }

    private static Map<String, Object> containerPatch(String namespace) {
        return Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "ContainerPatch",
                "metadata", Map.of("name", "patch", "namespace", namespace), "spec", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> response(Map<String, Object> answer) {
        assertThat(answer).containsEntry("apiVersion", "admission.k8s.io/v1").containsEntry("kind", "AdmissionReview");
        return (Map<String, Object>) answer.get("response");
    }

    @Test
    void deleteDecodesTheStoredObjectAndCarriesTheUser() {
        AdmissionRequest request = AdmissionReviews.toRequest(review("DELETE", null, containerPatch("apps")), KUMA);
        assertThat(request.operation()).isEqualTo(AdmissionRequest.Operation.DELETE);
        assertThat(request.namespace()).isEqualTo("apps");
        assertThat(request.previous()).isNotNull();
        assertThat(request.userInfo().username()).isEqualTo("system:serviceaccount:kube-system:generic-garbage-collector");
        assertThat(request.userInfo().groups()).containsExactly("system:serviceaccounts");
        assertThat(AdmissionReviews.toRequest(review("CREATE", containerPatch("apps"), null), KUMA).previous()).isNull();
    }

    @Test
    void aContainerPatchOutsideTheSystemNamespaceIsDeniedWith403() {
        Map<String, Object> response = response(AdmissionReviews.answer(review("CREATE", containerPatch("apps"), null), KUMA,
                KumaAdmission.standard()));
        assertThat(response).containsEntry("uid", "u-1").containsEntry("allowed", false);
        assertThat(response.get("status")).isEqualTo(Map.of("metadata", Map.of(), "status", "Failure",
                "message", "ContainerPatch can only be placed in kuma-system namespace. It can be however referenced by pods in all namespaces",
                "reason", "Forbidden", "code", 403));
    }

    private static Map<String, Object> meshWithPrometheus(Map<String, Object> conf) {
        return Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "Mesh", "metadata", Map.of("name", "payments"),
                "spec", Map.of("metrics", Map.of("backends", List.of(Map.of("name", "prom-1", "type", "prometheus", "conf", conf)))));
    }

    @Test
    void aMeshIsJudgedAsKumasDefaultingWebhookLeavesIt() {
        // skipMTLS beside tls.mode providedTLS: Kuma's validator alone refuses it, its defaulter drops skipMTLS first.
        Map<String, Object> provided = meshWithPrometheus(Map.of("skipMTLS", true, "tls", Map.of("mode", "providedTLS")));
        assertThat(KumaAdmission.standard().review(AdmissionRequest.create(KUMA, provided)).allowed()).isFalse();
        assertThat(response(AdmissionReviews.answer(review("CREATE", provided, null), KUMA, KumaAdmission.standard())))
                .containsEntry("allowed", true);
        Map<String, Object> disabled = meshWithPrometheus(Map.of("skipMTLS", false, "tls", Map.of("mode", "disabled")));
        assertThat(response(AdmissionReviews.answer(review("UPDATE", disabled, disabled), KUMA, KumaAdmission.standard())))
                .containsEntry("allowed", false);
        assertThat(MeshDefaulting.apply(meshWithPrometheus(Map.of()))).extracting("spec.metrics.backends").asList().singleElement()
                .extracting("conf").isEqualTo(Map.of("tls", Map.of("mode", "activeMTLSBackend"), "port", 5670, "path", "/metrics",
                        "tags", Map.of("kuma.io/service", "dataplane-metrics")));
    }

    @Test
    void anAdmittedObjectCarriesItsWarnings() {
        Map<String, Object> zone = Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "Zone", "metadata", Map.of("name", "zone.east"),
                "spec", Map.of("enabled", true));
        Map<String, Object> response = response(AdmissionReviews.answer(review("CREATE", zone, null), KUMA, KumaAdmission.standard()));
        assertThat(response).containsEntry("allowed", true);
        assertThat((List<?>) response.get("warnings")).singleElement().asString().contains("zone.east");
        Map<String, Object> allowed = response(AdmissionReviews.allowed("u-2", List.of()));
        assertThat(allowed).doesNotContainKey("warnings").containsEntry("allowed", true);
    }

    @Test
    void specViolationsOfAKindThatIsNotPluginOriginatedGoUnderSpec() {
        AdmissionRequest request = AdmissionRequest.create(KUMA, Map.of("kind", "Mesh", "metadata", Map.of("name", "payments")));
        AdmissionVerdict verdict = new AdmissionVerdict("Mesh", List.of(
                new Violation("mtls.backends", "cannot have more than 1 backends", "pkg/core/resources/apis/mesh/mesh_validator.go"),
                new Violation("[0]", "indexed", "pkg/core/resources/apis/mesh/mesh_validator.go")), List.of(), true);
        Map<String, Object> status = AdmissionReviews.status(request, verdict);
        assertThat(status).containsEntry("code", 422).containsEntry("reason", "Invalid")
                .containsEntry("message", "spec.mtls.backends: cannot have more than 1 backends; spec[0]: indexed");
        assertThat(status.get("details")).isEqualTo(Map.of("name", "payments", "kind", "Mesh", "causes", List.of(
                Map.of("reason", "FieldValueInvalid", "message", "cannot have more than 1 backends", "field", "spec.mtls.backends"),
                Map.of("reason", "FieldValueInvalid", "message", "indexed", "field", "spec[0]"))));
    }

    @Test
    void policyFieldsAndLabelChecksAreAnsweredAsTheyAre() {
        AdmissionRequest policy = AdmissionRequest.create(KUMA, Map.of("kind", "MeshTimeout", "metadata", Map.of("name", "t", "namespace", "kuma-system")));
        AdmissionVerdict spec = new AdmissionVerdict("MeshTimeout", List.of(new Violation("spec.to[0].default", "at least one timeout should be configured",
                "pkg/plugins/policies/meshtimeout/api/v1alpha1/validator.go")), List.of(), true);
        assertThat(AdmissionReviews.status(policy, spec)).containsEntry("message", "spec.to[0].default: at least one timeout should be configured");
        AdmissionRequest zone = AdmissionRequest.create(KUMA, Map.of("kind", "Zone", "metadata", Map.of("name", "z")));
        AdmissionVerdict label = new AdmissionVerdict("Zone", List.of(new Violation("labels[\"kuma.io/origin\"]", "unknown resource origin \"x\"",
                "pkg/plugins/runtime/k8s/webhooks/validation.go")), List.of(), true);
        assertThat(AdmissionReviews.status(zone, label)).containsEntry("code", 422)
                .containsEntry("message", "labels[\"kuma.io/origin\"]: unknown resource origin \"x\"");
    }

    @Test
    void decodeErrorsAndDeleteChecksAre400AndTheDefaulter500() {
        AdmissionRequest zone = AdmissionRequest.create(KUMA, Map.of("kind", "Zone", "metadata", Map.of("name", "z")));
        AdmissionVerdict decode = new AdmissionVerdict("Zone", List.of(new Violation("", "json: cannot unmarshal string into Go value of type bool",
                "pkg/plugins/runtime/k8s/webhooks/validation.go")), List.of(), true);
        assertThat(AdmissionReviews.status(zone, decode)).containsEntry("code", 400)
                .containsEntry("message", "json: cannot unmarshal string into Go value of type bool").doesNotContainKey("reason");
        AdmissionRequest delete = new AdmissionRequest(KUMA, AdmissionRequest.Operation.DELETE, Map.of("kind", "Mesh", "metadata", Map.of("name", "m")), null);
        AdmissionVerdict attached = new AdmissionVerdict("Mesh", List.of(new Violation("mesh", "unable to delete mesh, there are still some dataplanes attached",
                "pkg/core/managers/apis/mesh/mesh_validator.go")), List.of(), true);
        assertThat(AdmissionReviews.status(delete, attached)).containsEntry("code", 400)
                .containsEntry("message", "mesh: unable to delete mesh, there are still some dataplanes attached");
        AdmissionVerdict role = new AdmissionVerdict("MeshTimeout", List.of(new Violation("", "it's not allowed to mix 'to' and 'from' arrays in the same policy",
                "pkg/plugins/runtime/k8s/webhooks/defaulter.go")), List.of(), true);
        assertThat(AdmissionReviews.status(zone, role)).containsEntry("code", 500);
    }

    @Test
    void warningsAreKumasOneLineForm() {
        AdmissionWarning warning = new AdmissionWarning("spec.from", "deprecated", null, "3.0", "x.go");
        assertThat(response(AdmissionReviews.allowed("u", List.of(warning))).get("warnings")).isEqualTo(List.of("spec.from: deprecated"));
    }
}
