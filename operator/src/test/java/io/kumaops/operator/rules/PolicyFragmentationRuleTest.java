package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.CircuitBreakerPolicy;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.api.v1alpha1.PoliciesSpec;
import io.kumaops.operator.api.v1alpha1.RetryPolicy;
import io.kumaops.operator.api.v1alpha1.TimeoutPolicy;
import org.junit.jupiter.api.Test;

class PolicyFragmentationRuleTest {

    private final Rule rule = new PolicyFragmentationRule();

    @Test
    void sameKindFromTwoOwnersIsReported() {
        var context = observed(Observation.cluster()
                .policy("MeshTimeout", "kuma-system", "mesh-timeout-all-payments", "kuma-cp")
                .policy("MeshTimeout", "kuma-system", "team-timeouts", "argocd-controller")
                .policy("MeshRetry", "kuma-system", "mesh-retry-all-payments", "kuma-cp").build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("MeshTimeout kuma-system/*");
            assertThat(finding.message).contains("2 Mesh-wide MeshTimeout policies (mesh-timeout-all-payments, team-timeouts)")
                    .contains("2 owners (argocd-controller, kuma-cp)");
        });
    }

    /** Kuma's four defaults beside the operator's policies of every kind: a healthy mesh, before the replacement. */
    @Test
    void kumaDefaultsBesideTheOperatorsAreNotFragmentation() {
        var context = observed(PolicyFragmentationRuleTest::allDefaultKinds, Observation.cluster()
                .policy("MeshTimeout", "kuma-system", "mesh-timeout-all-payments", "kuma-cp")
                .policy("MeshTimeout", "kuma-system", "mesh-gateways-timeout-all-payments", "kuma-cp")
                .policy("MeshRetry", "kuma-system", "mesh-retry-all-payments", "kuma-cp")
                .policy("MeshCircuitBreaker", "kuma-system", "mesh-circuit-breaker-all-payments", "kuma-cp")
                .policy("MeshTimeout", "kuma-system", "kumaops-timeout-payments", OPERATOR)
                .policy("MeshTimeout", "kuma-system", "kumaops-timeout-payments-inbound", OPERATOR)
                .policy("MeshTimeout", "kuma-system", "kumaops-timeout-payments-gateways", OPERATOR)
                .policy("MeshRetry", "kuma-system", "kumaops-retry-payments", OPERATOR)
                .policy("MeshCircuitBreaker", "kuma-system", "kumaops-circuit-breaker-payments", OPERATOR).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    /** The profile writes retries only: Kuma's timeout default and a team's timeouts are still two owners. */
    @Test
    void kumaDefaultsOfKindsTheProfileLeavesStillCount() {
        var context = observed(spec -> {
            spec.policies = new PoliciesSpec();
            spec.policies.retry = new RetryPolicy();
            spec.policies.retry.numRetries = 3;
        }, Observation.cluster()
                .policy("MeshTimeout", "kuma-system", "mesh-timeout-all-payments", "kuma-cp")
                .policy("MeshTimeout", "kuma-system", "team-timeouts", "argocd-controller")
                .policy("MeshRetry", "kuma-system", "mesh-retry-all-payments", "kuma-cp")
                .policy("MeshRetry", "kuma-system", "kumaops-retry-payments", OPERATOR).build());
        assertThat(rule.evaluate(context)).singleElement()
                .satisfies(finding -> assertThat(finding.path).isEqualTo("MeshTimeout kuma-system/*"));
    }

    /** Another mesh's Kuma default is not this mesh's: named after the mesh, it is someone's policy here. */
    @Test
    void onlyThisMeshsKumaDefaultsAreReplaced() {
        var context = observed(PolicyFragmentationRuleTest::allDefaultKinds, Observation.cluster()
                .policy("MeshRetry", "kuma-system", "mesh-retry-all-orders", "kuma-cp")
                .policy("MeshRetry", "kuma-system", "kumaops-retry-payments", OPERATOR).build());
        assertThat(rule.evaluate(context)).hasSize(1);
    }

    private static final String OPERATOR = "kuma-production-operator";

    private static void allDefaultKinds(KumaProductionProfileSpec spec) {
        spec.policies = new PoliciesSpec();
        spec.policies.timeout = new TimeoutPolicy();
        spec.policies.timeout.requestTimeout = "15s";
        spec.policies.retry = new RetryPolicy();
        spec.policies.retry.numRetries = 5;
        spec.policies.circuitBreaker = new CircuitBreakerPolicy();
        spec.policies.circuitBreaker.maxConnections = 1024;
    }

    @Test
    void sameOwnerIsNotFragmentation() {
        var context = observed(Observation.cluster()
                .policy("MeshTimeout", "kuma-system", "a", "kumaops")
                .policy("MeshTimeout", "kuma-system", "b", "kumaops").build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void otherNamespacesAreNotTheSystemDefaults() {
        var context = observed(Observation.cluster()
                .policy("MeshTimeout", "kuma-system", "a", "kuma-cp")
                .policy("MeshTimeout", "team-a", "b", "team-a").build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void unknownOwnersCountAsOneMoreOwner() {
        var context = observed(Observation.cluster()
                .policy("MeshRetry", "kuma-system", "a", null)
                .policy("MeshRetry", "kuma-system", "b", "kumaops").build());
        assertThat(rule.evaluate(context)).singleElement()
                .satisfies(finding -> assertThat(finding.message).contains("kumaops, unknown"));
    }

    @Test
    void offlineSaysNothing() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
    }
}
