package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.CircuitBreakerPolicy;
import io.kumaops.operator.api.v1alpha1.RetryPolicy;
import io.kumaops.operator.api.v1alpha1.RolloutStrategy;
import io.kumaops.operator.api.v1alpha1.TimeoutPolicy;
import org.junit.jupiter.api.Test;

class UnstagedPolicyRolloutRuleTest {

    private final Rule rule = new UnstagedPolicyRolloutRule();

    @Test
    void immediateRolloutOfDefaultPoliciesIsReportedNamingTheKinds() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.policies.timeout = new TimeoutPolicy();
            spec.policies.circuitBreaker = new CircuitBreakerPolicy();
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.rollout.strategy");
            assertThat(finding.message).contains("Immediate").contains("MeshTimeout, MeshCircuitBreaker");
            assertThat(finding.remediation).contains("spec.rollout.strategy: Canary");
        });
    }

    @Test
    void canaryIsFine() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.policies.retry = new RetryPolicy();
            spec.rollout.strategy = RolloutStrategy.Canary;
        }))).isEmpty();
    }

    @Test
    void noDefaultPoliciesIsFine() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.policies = null))).isEmpty();
    }

    @Test
    void nullStrategyReadsAsImmediate() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.policies.retry = new RetryPolicy();
            spec.rollout.strategy = null;
        }))).hasSize(1);
    }
}
