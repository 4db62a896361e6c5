package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeprecatedMeshMtlsRuleTest {

    private final Rule rule = new DeprecatedMeshMtlsRule();

    @Test
    void mtlsOnKuma212OrLaterIsReported() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.kumaVersion = "2.12";
            spec.mtls.enabled = true;
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.mtls");
            assertThat(finding.message).contains("spec.kumaVersion is 2.12").contains("Kuma 3.0 removes");
            assertThat(finding.remediation).contains("MeshIdentity / MeshTrust");
        });
    }

    @Test
    void olderVersionsAreFine() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.kumaVersion = "2.11";
            spec.mtls.enabled = true;
        }))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> {
            spec.kumaVersion = "2.9";
            spec.mtls.enabled = true;
        }))).isEmpty();
    }

    @Test
    void mtlsOffIsFine() {
        assertThat(rule.evaluate(offline(spec -> spec.kumaVersion = "2.14"))).isEmpty();
    }

    @Test
    void missingVersionFallsBackToTheDefault() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.kumaVersion = null;
            spec.mtls.enabled = true;
        }))).hasSize(1);
    }
}
