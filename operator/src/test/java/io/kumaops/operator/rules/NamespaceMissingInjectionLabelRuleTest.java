package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation.ObservedNamespace;
import org.junit.jupiter.api.Test;

/** Kuma 2.11+: a namespace holding the mesh's injected data planes must carry kuma.io/sidecar-injection. */
class NamespaceMissingInjectionLabelRuleTest {

    private final Rule rule = new NamespaceMissingInjectionLabelRule();

    @Test
    void anUnlabelledNamespaceWithInjectedDataplanesIsReported() {
        var context = observed(Observation.cluster().namespace("apps", null, null, 3, null).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.severity).isEqualTo(Severity.Warning);
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("Namespace apps label kuma.io/sidecar-injection");
            assertThat(finding.message).contains("namespace apps (3) holds injected data planes of mesh payments",
                    "spec.kumaVersion is 2.14", "start without a sidecar");
            assertThat(finding.remediation).startsWith("kubectl label namespace apps kuma.io/sidecar-injection=enabled");
        });
    }

    @Test
    void anyValueOfTheLabelIsWhatKumasWebhooksSelect() {
        for (String value : new String[] {"enabled", "disabled", "false"}) {
            assertThat(rule.evaluate(observed(Observation.cluster().namespace("apps", value, null, 3, null).build()))).as(value).isEmpty();
        }
    }

    @Test
    void builtinGatewaysAreNotInjectedSoTheyDoNotCount() {
        var context = observed(Observation.cluster().namespace(new ObservedNamespace("edge", null, null, 2, 0, null)).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void theSystemNamespaceAndKubeSystemAreNotThisRulesBusiness() {
        var context = observed(Observation.cluster().namespace("kuma-system", null, null, 2, null)
                .namespace("kube-system", null, null, 1, null).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void beforeKuma211NoLabelIsExpected() {
        var context = observed(spec -> spec.kumaVersion = "2.10", Observation.cluster().namespace("apps", null, null, 3, null).build());
        assertThat(rule.evaluate(context)).isEmpty();
        var onEleven = observed(spec -> spec.kumaVersion = "2.11", Observation.cluster().namespace("apps", null, null, 3, null).build());
        assertThat(rule.evaluate(onEleven)).hasSize(1);
    }

    @Test
    void manyNamespacesMakeOneFindingThatNamesTheFirstTen() {
        Observation observation = Observation.cluster();
        for (int i = 10; i < 22; i++) {
            observation.namespace("team-" + i, null, null, 1, null);
        }
        assertThat(rule.evaluate(observed(observation.build()))).singleElement().satisfies(finding -> {
            assertThat(finding.path).startsWith("Namespaces team-10, team-11, ").endsWith("team-19 and 2 more label kuma.io/sidecar-injection");
            assertThat(finding.message).contains("namespaces team-10 (1), ").contains("and 2 more hold injected data planes");
            assertThat(finding.remediation).startsWith("kubectl label namespace team-10 team-11 ")
                    .contains("team-19 kuma.io/sidecar-injection=enabled").endsWith("and the same for the other 2");
        });
    }

    @Test
    void offlineOrWithoutObservedNamespacesItSaysNothing() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(observed(Observation.cluster().dataplanes(40).build()))).isEmpty();
    }
}
