package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.model.Step;
import org.junit.jupiter.api.Test;

class CrossZoneWithoutMtlsRuleTest {

    private final Rule rule = new CrossZoneWithoutMtlsRule();

    @Test
    void multiZoneWithoutMtlsBlocksTheMultiZoneStep() {
        assertThat(rule.blocks()).containsExactly(Step.MULTI_ZONE);
        assertThat(rule.evaluate(offline(spec -> spec.multiZone.enabled = true))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.mtls.enabled");
            assertThat(finding.message).contains("spec.multiZone.enabled is true").contains("spec.mtls.enabled is false");
            assertThat(finding.remediation).contains("spec.mtls.enabled: true");
        });
    }

    @Test
    void zoneAndGlobalRolesCountAsMultiZone() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.role = ControlPlaneRole.Zone))).singleElement()
                .satisfies(finding -> assertThat(finding.message).contains("spec.controlPlane.role is Zone"));
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.role = ControlPlaneRole.Global))).hasSize(1);
    }

    @Test
    void multiZoneWithMtlsIsFine() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.multiZone.enabled = true;
            spec.mtls.enabled = true;
        }))).isEmpty();
    }

    @Test
    void standaloneWithoutMtlsIsNotThisRulesBusiness() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
    }

    @Test
    void nullSectionsReadAsDefaults() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.multiZone = null;
            spec.mtls = null;
        }))).isEmpty();
    }
}
