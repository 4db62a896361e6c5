package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
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
