package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.Finding;
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
}
