package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import org.junit.jupiter.api.Test;

class AllowAllTrafficPermissionRuleTest {

    private final Rule rule = new AllowAllTrafficPermissionRule();

    @Test
    void allowAllIsInfo() {
        assertThat(rule.severity()).isEqualTo(Severity.Info);
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.trafficPermissions.mode");
            assertThat(finding.message).contains("spec.trafficPermissions.mode is AllowAll");
            assertThat(finding.remediation).contains("spec.trafficPermissions.mode: Restricted");
        });
    }

    @Test
    void restrictedIsFine() {
        assertThat(rule.evaluate(offline(spec -> spec.trafficPermissions.mode = TrafficPermissionMode.Restricted))).isEmpty();
    }

    @Test
    void nullModeAndNullSectionReadAsTheAllowAllDefault() {
        assertThat(rule.evaluate(offline(spec -> spec.trafficPermissions.mode = null))).hasSize(1);
        assertThat(rule.evaluate(offline(spec -> spec.trafficPermissions = null))).hasSize(1);
    }
}
