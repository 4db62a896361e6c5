package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DefaultSidecarResourcesRuleTest {

    private final Rule rule = new DefaultSidecarResourcesRule();

    @Test
    void noRequestsMeansKumasDefaults() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.sidecar.requests");
            assertThat(finding.message).contains("is not set").contains("50m CPU / 64Mi");
            assertThat(finding.remediation).isEqualTo("set spec.sidecar.requests: {cpu: 100m, memory: 128Mi} or higher");
        });
    }

    @Test
    void lowRequestsAreReportedPerField() {
        assertThat(rule.evaluate(offline(spec -> spec.sidecar.requests = new ComputeResources("50m", "64Mi"))))
                .extracting((Finding finding) -> finding.path, finding -> finding.message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("spec.sidecar.requests.cpu", "spec.sidecar.requests.cpu is 50m, below 100m"),
                        org.assertj.core.groups.Tuple.tuple("spec.sidecar.requests.memory", "spec.sidecar.requests.memory is 64Mi, below 128Mi"));
    }

    @Test
    void exactlyTheThresholdIsEnough() {
        assertThat(rule.evaluate(offline(spec -> spec.sidecar.requests = new ComputeResources("100m", "128Mi")))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.sidecar.requests = new ComputeResources("0.1", "134217728")))).isEmpty();
    }

    @Test
    void oneMissingFieldIsReportedAlone() {
        assertThat(rule.evaluate(offline(spec -> spec.sidecar.requests = new ComputeResources("200m", null)))).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.path).isEqualTo("spec.sidecar.requests.memory");
                    assertThat(finding.message).contains("is not set");
                });
    }

    @Test
    void nullSidecarSectionIsTheDefault() {
        assertThat(rule.evaluate(offline(spec -> spec.sidecar = null))).hasSize(1);
    }

    // ---- with the live control plane: what its injector applies ----

    private static final String CPU = "KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_REQUESTS_CPU";
    private static final String MEMORY = "KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_REQUESTS_MEMORY";
    private static final String PATCHES = "KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES";

    private List<Finding> withControlPlaneEnv(Consumer<KumaProductionProfileSpec> profile, Map<String, String> env) {
        return rule.evaluate(observed(profile, Observation.cluster().controlPlane(Observation.controlPlane(1, env, null, null)).build()));
    }

    @Test
    void noProfileRequestsButAControlPlaneThatSetsEnoughIsFine() {
        // Kuma's 2.14 chart sets these from dataPlane.sidecarContainer.resources: the injector's requests are production-sized.
        assertThat(withControlPlaneEnv(TestProfiles::defaults, Map.of(CPU, "250m", MEMORY, "256Mi"))).isEmpty();
    }

    @Test
    void noProfileRequestsAndNoEnvIsKumasDefaultFromTheCluster() {
        assertThat(withControlPlaneEnv(TestProfiles::defaults, Map.of()))
                .extracting((Finding finding) -> finding.path, finding -> finding.source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Deployment kuma-system/kuma-control-plane env " + CPU, FindingSource.Cluster),
                        org.assertj.core.groups.Tuple.tuple("Deployment kuma-system/kuma-control-plane env " + MEMORY, FindingSource.Cluster));
        assertThat(withControlPlaneEnv(TestProfiles::defaults, Map.of()).get(0).message)
                .isEqualTo("the injector gives sidecars a cpu request of 50m (Kuma's default, as the control plane sets no " + CPU
                        + "), below 100m");
    }

    @Test
    void lowEnvRequestsAreReportedPerField() {
        assertThat(withControlPlaneEnv(TestProfiles::defaults, Map.of(CPU, "80m", MEMORY, "512Mi"))).singleElement().satisfies(finding -> {
            assertThat(finding.message).startsWith("the injector gives sidecars a cpu request of 80m (the control plane's " + CPU + ")");
            assertThat(finding.remediation).contains("spec.sidecar.requests.cpu: 100m", "dataPlane.sidecarContainer.resources.requests.cpu");
        });
    }

    @Test
    void theProfilesRequestsCountOnlyWhenTheControlPlaneNamesItsPatch() {
        Consumer<KumaProductionProfileSpec> enough = spec -> spec.sidecar.requests = new ComputeResources("200m", "256Mi");
        assertThat(withControlPlaneEnv(enough, Map.of(PATCHES, "other,kuma-production-sidecar"))).as("named: the patch applies").isEmpty();
        assertThat(withControlPlaneEnv(spec -> {
            enough.accept(spec);
            spec.controlPlane.manage = true;
        }, Map.of())).as("managed: the operator names it").isEmpty();

        List<Finding> unnamed = withControlPlaneEnv(enough, Map.of(PATCHES, "other"));
        assertThat(unnamed).hasSize(2);
        assertThat(unnamed.get(0).message).contains("50m", "spec.sidecar.requests is not applied: the control plane does not name"
                + " ContainerPatch kuma-production-sidecar");
    }

    @Test
    void lowProfileRequestsInANamedPatchAreTheProfilesFindings() {
        assertThat(withControlPlaneEnv(spec -> spec.sidecar.requests = new ComputeResources("50m", "256Mi"),
                Map.of(CPU, "500m", PATCHES, "kuma-production-sidecar")))
                .singleElement().satisfies(finding -> assertThat(finding.path).isEqualTo("spec.sidecar.requests.cpu"));
    }
}
