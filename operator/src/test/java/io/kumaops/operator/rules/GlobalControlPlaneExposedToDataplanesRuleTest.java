package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import org.junit.jupiter.api.Test;

class GlobalControlPlaneExposedToDataplanesRuleTest {

    private final Rule rule = new GlobalControlPlaneExposedToDataplanesRule();

    @Test
    void unfencedGlobalIsReported() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.role = ControlPlaneRole.Global;
            spec.multiZone.fenceGlobalControlPlane = false;
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.multiZone.fenceGlobalControlPlane");
            assertThat(finding.message).contains("fenceGlobalControlPlane is false");
            assertThat(finding.remediation).isEqualTo("set spec.multiZone.fenceGlobalControlPlane: true");
        });
    }

    @Test
    void fencedGlobalIsFine() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.role = ControlPlaneRole.Global))).isEmpty();
    }

    @Test
    void nullFenceReadsAsTheDefaultTrue() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.role = ControlPlaneRole.Global;
            spec.multiZone.fenceGlobalControlPlane = null;
        }))).isEmpty();
    }

    @Test
    void onlyGlobalControlPlanesAreFenced() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.role = ControlPlaneRole.Zone;
            spec.multiZone.fenceGlobalControlPlane = false;
        }))).isEmpty();
    }
}
