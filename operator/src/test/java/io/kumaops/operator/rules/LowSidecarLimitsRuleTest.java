package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.Severity;
import org.junit.jupiter.api.Test;

class LowSidecarLimitsRuleTest {

    private final Rule rule = new LowSidecarLimitsRule();

    @Test
    void noLimitsIsInfoBefore214() {
        assertThat(rule.severity()).isEqualTo(Severity.Info);
        assertThat(rule.evaluate(offline(spec -> spec.kumaVersion = "2.13"))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.sidecar.limits");
            assertThat(finding.message).contains("1000m CPU / 512Mi");
            assertThat(finding.remediation).contains("{cpu: 1, memory: 1Gi}");
        });
    }

    @Test
    void from214OnlyAMemoryLimitIsExpected() {
        // Kuma's chart 2.14.3 sets no sidecar CPU limit (cpu: "0"), only 512Mi memory.
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.sidecar.limits.memory");
            assertThat(finding.message).contains("no CPU limit, 512Mi memory");
        });
        assertThat(rule.evaluate(offline(spec -> spec.sidecar.limits = new ComputeResources(null, "1Gi")))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.sidecar.limits = new ComputeResources("100m", "2Gi"))))
                .as("a low CPU limit is the user's choice from 2.14").isEmpty();
    }

    @Test
    void lowMemoryLimitIsReported() {
        assertThat(rule.evaluate(offline(spec -> spec.sidecar.limits = new ComputeResources("2", "512Mi")))).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.path).isEqualTo("spec.sidecar.limits.memory");
                    assertThat(finding.message).isEqualTo("spec.sidecar.limits.memory is 512Mi, below 1Gi");
                    assertThat(finding.remediation).isEqualTo("set spec.sidecar.limits.memory: 1Gi or higher");
                });
    }

    @Test
    void exactlyOneCpuAndOneGiIsEnough() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.kumaVersion = "2.13";
            spec.sidecar.limits = new ComputeResources("1", "1Gi");
        }))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> {
            spec.kumaVersion = "2.13";
            spec.sidecar.limits = new ComputeResources("1000m", "1024Mi");
        }))).isEmpty();
    }

    @Test
    void justBelowIsReportedBefore214() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.kumaVersion = "2.12";
            spec.sidecar.limits = new ComputeResources("999m", "2Gi");
        }))).singleElement().satisfies(finding -> assertThat(finding.path).isEqualTo("spec.sidecar.limits.cpu"));
    }
}
