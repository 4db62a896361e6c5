package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
import org.junit.jupiter.api.Test;

class EvenControlPlaneReplicasRuleTest {

    private final Rule rule = new EvenControlPlaneReplicasRule();

    @Test
    void evenReplicasInTheProfileAreReportedWithTheNextOddNumber() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.replicas = 2))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.replicas");
            assertThat(finding.message).contains("spec.controlPlane.replicas is 2");
            assertThat(finding.remediation).isEqualTo("set spec.controlPlane.replicas: 3");
            assertThat(finding.source).isEqualTo(FindingSource.Profile);
        });
    }

    @Test
    void managedControlPlaneSaysTheOperatorRoundsUp() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.replicas = 4;
            spec.controlPlane.manage = true;
        }))).singleElement().satisfies(finding -> assertThat(finding.message).contains("the operator will run 5"));
    }

    @Test
    void oddReplicasAreFine() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.replicas = 3))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.replicas = 1))).isEmpty();
    }

    @Test
    void absentReplicasWithoutObservationSayNothing() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
    }

    @Test
    void observedEvenDeploymentIsReportedWhenTheProfileIsSilent() {
        var context = observed(Observation.cluster().controlPlane(Observation.controlPlane(2)).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("Deployment kuma-system/kuma-control-plane spec.replicas");
            assertThat(finding.message).contains("2 replicas");
        });
    }

    @Test
    void anEvenCountSeenLiveIsReportedWithClusterEvidenceEvenWhenTheProfileSaysOdd() {
        var context = observed(spec -> spec.controlPlane.replicas = 3, Observation.cluster().controlPlane(Observation.controlPlane(2)).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.message).contains("runs 2 replicas");
        });
    }

    @Test
    void anEvenProfileThatMatchesTheClusterIsReportedOnce() {
        var context = observed(spec -> spec.controlPlane.replicas = 2, Observation.cluster().controlPlane(Observation.controlPlane(2)).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> assertThat(finding.source).isEqualTo(FindingSource.Profile));
    }
}
