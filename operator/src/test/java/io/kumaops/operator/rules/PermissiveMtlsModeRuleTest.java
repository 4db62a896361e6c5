package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.MtlsMode;
import org.junit.jupiter.api.Test;

class PermissiveMtlsModeRuleTest {

    private final Rule rule = new PermissiveMtlsModeRule();

    @Test
    void permissiveFinalModeIsReported() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.mtls.enabled = true;
            spec.mtls.mode = MtlsMode.Permissive;
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.mtls.mode");
            assertThat(finding.message).contains("spec.mtls.mode is Permissive");
            assertThat(finding.remediation).contains("spec.mtls.mode: Strict");
        });
    }

    @Test
    void strictIsFine() {
        assertThat(rule.evaluate(offline(spec -> spec.mtls.enabled = true))).isEmpty();
    }

    @Test
    void permissiveWithMtlsOffIsMoot() {
        assertThat(rule.evaluate(offline(spec -> spec.mtls.mode = MtlsMode.Permissive))).isEmpty();
    }

    @Test
    void nullModeReadsAsStrict() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.mtls.enabled = true;
            spec.mtls.mode = null;
        }))).isEmpty();
    }
}
