package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
import org.junit.jupiter.api.Test;

class SingleControlPlaneReplicaRuleTest {

    private final Rule rule = new SingleControlPlaneReplicaRule();

    @Test
    void oneReplicaInTheProfileIsReported() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.replicas = 1))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.replicas");
            assertThat(finding.message).contains("spec.controlPlane.replicas is 1");
            assertThat(finding.remediation).contains("spec.controlPlane.replicas: 3");
        });
    }

    @Test
    void threeReplicasAreFine() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.replicas = 3))).isEmpty();
    }

    @Test
    void absentReplicasAreNotGuessed() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
    }

    @Test
    void observedSingleReplicaIsReportedFromTheCluster() {
        var context = observed(Observation.cluster().controlPlane(Observation.controlPlane(1)).build());
        assertThat(rule.evaluate(context)).singleElement()
                .satisfies(finding -> assertThat(finding.source).isEqualTo(FindingSource.Cluster));
    }

    @Test
    void profileReplicasWinOverAnObservedSingleReplica() {
        var context = observed(spec -> spec.controlPlane.replicas = 3, Observation.cluster().controlPlane(Observation.controlPlane(1)).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void observationWithoutAControlPlaneDeploymentSaysNothing() {
        assertThat(rule.evaluate(observed(Observation.cluster().build()))).isEmpty();
    }
}
