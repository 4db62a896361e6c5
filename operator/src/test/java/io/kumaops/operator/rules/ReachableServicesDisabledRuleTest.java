package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.ReachableServicesMode;
import org.junit.jupiter.api.Test;

class ReachableServicesDisabledRuleTest {

    private final Rule rule = new ReachableServicesDisabledRule();

    @Test
    void disabledOnALargeExpectedMeshIsReported() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.reachableServices = ReachableServicesMode.Disabled;
            spec.controlPlane.expectedDataplanes = 1500;
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.reachableServices");
            assertThat(finding.message).contains("Disabled").contains("expectedDataplanes is 1500");
            assertThat(finding.remediation).isEqualTo("set spec.controlPlane.reachableServices: Auto");
            assertThat(finding.source).isEqualTo(FindingSource.Profile);
        });
    }

    @Test
    void thresholdIsInclusive() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.reachableServices = ReachableServicesMode.Disabled;
            spec.controlPlane.expectedDataplanes = 1000;
        }))).hasSize(1);
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.reachableServices = ReachableServicesMode.Disabled;
            spec.controlPlane.expectedDataplanes = 999;
        }))).isEmpty();
    }

    @Test
    void observedCountAboveTheExpectedOneDecides() {
        var context = observed(spec -> {
            spec.controlPlane.reachableServices = ReachableServicesMode.Disabled;
            spec.controlPlane.expectedDataplanes = 200;
        }, Observation.cluster().dataplanes(1200).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.message).contains("1200 data planes are observed");
        });
    }

    @Test
    void autoOrEnabledIsFine() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.expectedDataplanes = 5000))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.reachableServices = ReachableServicesMode.Enabled;
            spec.controlPlane.expectedDataplanes = 5000;
        }))).isEmpty();
    }

    @Test
    void unknownSizeIsNotGuessed() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.reachableServices = ReachableServicesMode.Disabled))).isEmpty();
    }
}
