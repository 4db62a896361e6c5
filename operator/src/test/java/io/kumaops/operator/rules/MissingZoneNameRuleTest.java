package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import org.junit.jupiter.api.Test;

class MissingZoneNameRuleTest {

    private final Rule rule = new MissingZoneNameRule();

    @Test
    void zoneWithoutNameIsAnError() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.role = ControlPlaneRole.Zone))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.zoneName");
            assertThat(finding.message).contains("spec.controlPlane.zoneName is empty");
        });
    }

    @Test
    void blankNameCountsAsEmpty() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.role = ControlPlaneRole.Zone;
            spec.controlPlane.zoneName = "  ";
        }))).hasSize(1);
    }

    @Test
    void namedZoneOrOtherRolesAreFine() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.role = ControlPlaneRole.Zone;
            spec.controlPlane.zoneName = "eu-west";
        }))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.role = ControlPlaneRole.Global))).isEmpty();
    }
}
