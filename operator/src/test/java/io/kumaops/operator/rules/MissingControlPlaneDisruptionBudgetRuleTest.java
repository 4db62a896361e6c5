package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
import org.junit.jupiter.api.Test;

class MissingControlPlaneDisruptionBudgetRuleTest {

    private final Rule rule = new MissingControlPlaneDisruptionBudgetRule();

    @Test
    void disabledInTheProfileIsReported() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.podDisruptionBudget = false))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.podDisruptionBudget");
            assertThat(finding.message).contains("spec.controlPlane.podDisruptionBudget is false");
            assertThat(finding.remediation).contains("spec.controlPlane.podDisruptionBudget: true");
        });
    }

    @Test
    void defaultProfileOfflineIsFine() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
    }

    @Test
    void nullFieldCountsAsTheDefault() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.podDisruptionBudget = null))).isEmpty();
    }

    @Test
    void observedMissingBudgetIsReportedWhenTheOperatorDoesNotManageTheControlPlane() {
        var context = observed(Observation.cluster().disruptionBudget(false).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.message).contains("no PodDisruptionBudget selects the control-plane pods");
        });
    }

    @Test
    void observedMissingBudgetIsPendingWorkWhenTheOperatorCreatesIt() {
        var context = observed(spec -> spec.controlPlane.manage = true, Observation.cluster().disruptionBudget(false).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void observedBudgetIsFine() {
        assertThat(rule.evaluate(observed(Observation.cluster().disruptionBudget(true).build()))).isEmpty();
    }
}
