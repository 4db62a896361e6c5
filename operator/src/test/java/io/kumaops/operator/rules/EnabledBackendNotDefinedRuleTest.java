package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.SingleCaBackendRuleTest.builtin;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.model.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnabledBackendNotDefinedRuleTest {

    private final Rule rule = new EnabledBackendNotDefinedRule();

    @Test
    void enabledBackendNamingNoBackendBlocksTheMtlsStep() {
        assertThat(rule.blocks()).containsExactly(Step.MTLS);
        assertThat(rule.evaluate(offline(spec -> {
            spec.mtls.enabled = true;
            spec.mtls.backends = List.of(builtin("ca-1"), builtin("ca-2"));
            spec.mtls.enabledBackend = "ca-3";
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.mtls.enabledBackend");
            assertThat(finding.message).isEqualTo("spec.mtls.enabledBackend is \"ca-3\" but backends are ca-1, ca-2");
            assertThat(finding.remediation).contains("one of ca-1, ca-2");
        });
    }

    @Test
    void emptyEnabledBackendSuggestsTheFirstBackend() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.mtls.enabled = true;
            spec.mtls.backends = List.of(builtin("ca-1"));
            spec.mtls.enabledBackend = " ";
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.message).contains("spec.mtls.enabledBackend is empty");
            assertThat(finding.remediation).isEqualTo("set spec.mtls.enabledBackend: ca-1");
        });
    }

    @Test
    void noBackendsAtAllAsksForOne() {
        assertThat(rule.evaluate(offline(spec -> spec.mtls.enabled = true))).singleElement()
                .satisfies(finding -> assertThat(finding.message).contains("no backends are listed"));
    }

    @Test
    void matchingBackendIsFine() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.mtls.enabled = true;
            spec.mtls.backends = List.of(builtin("ca-1"));
            spec.mtls.enabledBackend = "ca-1";
        }))).isEmpty();
    }

    @Test
    void mtlsDisabledIsNotChecked() {
        assertThat(rule.evaluate(offline(spec -> spec.mtls.enabledBackend = "nowhere"))).isEmpty();
    }
}
