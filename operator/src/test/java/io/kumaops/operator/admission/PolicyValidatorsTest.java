package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.model.KumaVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the case files do not show of the policy validators: the warnings' wording, replacement and removal version,
 * the Kuma source each violation names, and the roles computed on a zone.
 */
class PolicyValidatorsTest {

    private static final KumaAdmission ADMISSION = KumaAdmission.standard();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void meshTrafficPermissionFromIsGoingIn30() {
        AdmissionVerdict verdict = review("2.14", "kuma-system", Map.of(), "MeshTrafficPermission", """
                targetRef: {kind: Mesh}
                from:
                - targetRef: {kind: Mesh}
                  default: {action: Allow}
                """);
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).singleElement().satisfies(w -> {
            assertThat(w.field()).isEqualTo("spec.from");
            assertThat(w.message()).isEqualTo("'from' field is deprecated and will be removed in 3.0, use 'rules' with MeshIdentity (spiffeId) instead");
            assertThat(w.removedIn()).isEqualTo("3.0");
            assertThat(w.replacement()).contains("MeshIdentity");
            assertThat(w.kumaSource()).isEqualTo("pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/deprecated.go");
        });
    }

    @Test
    void meshTimeoutTopLevelMeshSubsetNamesDataplaneAsItsReplacement() {
        AdmissionVerdict verdict = review("2.10", "kuma-system", Map.of(), "MeshTimeout", """
                targetRef: {kind: MeshSubset, tags: {app: web}}
                to:
                - targetRef: {kind: Mesh}
                  default: {idleTimeout: 1h}
                """);
        assertThat(verdict.warnings()).singleElement().satisfies(w -> {
            assertThat(w.message()).isEqualTo("MeshSubset value for 'targetRef.kind' is deprecated, use Dataplane with labels instead");
            assertThat(w.replacement()).isEqualTo("Dataplane with labels");
            assertThat(w.removedIn()).isNull();
        });
    }

    @Test
    void meshRetryTopLevelMeshServiceIsWordedByTheMinor() {
        String spec = """
                targetRef: {kind: MeshService, name: web}
                to:
                - targetRef: {kind: Mesh}
                  default: {http: {numRetries: 3}}
                """;
        // 2.11 and 2.12 name MeshSubset whatever the kind; 2.13 names the kind written
        assertThat(review("2.12", "kuma-system", Map.of(), "MeshRetry", spec).warnings()).extracting(AdmissionWarning::message)
                .containsExactly("MeshSubset value for 'targetRef.kind' is deprecated, use Dataplane with labels instead");
        assertThat(review("2.13", "kuma-system", Map.of(), "MeshRetry", spec).warnings()).extracting(AdmissionWarning::message)
                .containsExactly("MeshService value for 'targetRef.kind' is deprecated, use Dataplane with labels instead");
        assertThat(review("2.9", "kuma-system", Map.of(), "MeshRetry", spec).warnings()).extracting(AdmissionWarning::message)
                .containsExactly("MeshService value for 'targetRef.kind' is deprecated, use MeshSubset with 'kuma.io/service' tag instead");
    }

    @Test
    void meshCircuitBreakerViolationsNameTheirValidator() {
        AdmissionVerdict verdict = review("2.14", "kuma-system", Map.of(), "MeshCircuitBreaker", """
                to:
                - targetRef: {kind: Mesh}
                  default: {}
                """);
        assertThat(verdict.violations()).singleElement()
                .extracting(Violation::kumaSource).isEqualTo("pkg/plugins/policies/meshcircuitbreaker/api/v1alpha1/validator.go");
    }

    @Test
    void meshHealthCheckDecodeErrorsNameTheWebhook() {
        AdmissionVerdict verdict = review("2.14", "kuma-system", Map.of(), "MeshHealthCheck", """
                to:
                - targetRef: {kind: Mesh}
                  default: {interval: 10 seconds, tcp: {}}
                """);
        assertThat(verdict.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEmpty();
            assertThat(v.message()).isEqualTo("time: unknown unit \" seconds\" in duration \"10 seconds\"");
            assertThat(v.kumaSource()).isEqualTo("pkg/plugins/runtime/k8s/webhooks/validation.go");
        });
    }

    @Test
    void meshRateLimitOnAZoneComputesTheRoleOfItsOwnPoliciesOnly() {
        String spec = """
                targetRef: {kind: MeshGateway, name: edge}
                to:
                - targetRef: {kind: Mesh}
                  default: {local: {tcp: {disabled: true}}}
                """;
        // a zone's own policy outside the system namespace is a consumer, which may not target a gateway
        assertThat(review(ControlPlaneRole.Zone, "backend", Map.of(), spec).message())
                .isEqualTo("spec.targetRef.kind: value 'MeshGateway' is not supported");
        // one synced from the global control plane keeps its (absent) role label: a system policy
        assertThat(review(ControlPlaneRole.Zone, "backend", Map.of("kuma.io/origin", "global"), spec).allowed()).isTrue();
    }

    @Test
    void meshTlsStatesTheOrderOfVersions() {
        AdmissionVerdict verdict = review("2.14", "kuma-system", Map.of(), "MeshTLS", """
                rules:
                - default: {tlsVersion: {min: TLS13, max: TLS12}}
                """);
        assertThat(verdict.message()).isEqualTo("spec.rules[0].default.tlsVersion.min: min version must be lower than max");
    }

    private static AdmissionVerdict review(ControlPlaneRole role, String namespace, Map<String, String> labels, String specYaml) {
        AdmissionTarget target = new AdmissionTarget(Distribution.Kuma, KumaVersion.parse("2.14"), null, role);
        return ADMISSION.review(AdmissionRequest.create(target, object("MeshRateLimit", namespace, labels, specYaml)));
    }

    private static AdmissionVerdict review(String version, String namespace, Map<String, String> labels, String kind, String specYaml) {
        AdmissionTarget target = AdmissionTarget.of(Distribution.Kuma, KumaVersion.parse(version));
        return ADMISSION.review(AdmissionRequest.create(target, object(kind, namespace, labels, specYaml)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String kind, String namespace, Map<String, String> labels, String specYaml) {
        try {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", "test");
            metadata.put("namespace", namespace);
            metadata.put("labels", labels);
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("apiVersion", "kuma.io/v1alpha1");
            object.put("kind", kind);
            object.put("metadata", metadata);
            object.put("spec", YAML.readValue(specYaml, Map.class));
            return object;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
