package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import org.junit.jupiter.api.Test;

/** Kuma 2.11+: the system namespace carries kuma.io/sidecar-injection (Kuma's chart sets "false"). */
class SystemNamespaceNotLabelledRuleTest {

    private final Rule rule = new SystemNamespaceNotLabelledRule();

    @Test
    void anUnlabelledSystemNamespaceIsReportedWithTheValueKumasChartSets() {
        var context = observed(Observation.cluster().namespace("kuma-system", null, null, 0, null).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.severity).isEqualTo(Severity.Warning);
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("Namespace kuma-system label kuma.io/sidecar-injection");
            assertThat(finding.message).contains("the system namespace kuma-system has no kuma.io/sidecar-injection label",
                    "neither validated by Kuma nor owned by their Mesh");
            assertThat(finding.remediation).isEqualTo("kubectl label namespace kuma-system kuma.io/sidecar-injection=false");
        });
    }

    @Test
    void theProfilesSystemNamespaceIsTheOneJudged() {
        var observation = Observation.cluster().namespace("kuma-system", null, null, 0, null)
                .namespace("mesh-system", "false", null, 0, null).build();
        assertThat(rule.evaluate(observed(spec -> spec.controlPlane.systemNamespace = "mesh-system", observation))).isEmpty();
        var unlabelled = Observation.cluster().namespace("mesh-system", null, null, 0, null).build();
        assertThat(rule.evaluate(observed(spec -> spec.controlPlane.systemNamespace = "mesh-system", unlabelled)))
                .singleElement().satisfies(finding -> assertThat(finding.path).isEqualTo("Namespace mesh-system label kuma.io/sidecar-injection"));
    }

    @Test
    void anyValueSatisfiesKumasWebhooks() {
        for (String value : new String[] {"false", "disabled", "enabled"}) {
            assertThat(rule.evaluate(observed(Observation.cluster().namespace("kuma-system", value, null, 0, null).build()))).as(value).isEmpty();
        }
    }

    @Test
    void silentBefore211OnUniversalAndWhenTheNamespaceIsNotThere() {
        var unlabelled = Observation.cluster().namespace("kuma-system", null, null, 0, null).build();
        assertThat(rule.evaluate(observed(spec -> spec.kumaVersion = "2.10", unlabelled))).isEmpty();
        assertThat(rule.evaluate(observed(spec -> spec.controlPlane.environment = ControlPlaneEnvironment.Universal, unlabelled))).isEmpty();
        assertThat(rule.evaluate(observed(Observation.cluster().namespacesObserved().build()))).isEmpty();
    }

    @Test
    void offlineOrWithoutObservedNamespacesItSaysNothing() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(observed(Observation.cluster().build()))).isEmpty();
    }
}
