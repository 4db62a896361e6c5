package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.DelegatedGateway;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelegatedGatewayNotAnnotatedRuleTest {

    private final Rule rule = new DelegatedGatewayNotAnnotatedRule();

    private static void kongGateway(KumaProductionProfileSpec spec) {
        DelegatedGateway gateway = new DelegatedGateway();
        gateway.namespace = "kong";
        gateway.deploymentName = "kong-gateway";
        spec.gateway.delegated = List.of(gateway);
    }

    @Test
    void unannotatedGatewayIsReported() {
        var context = observed(DelegatedGatewayNotAnnotatedRuleTest::kongGateway,
                Observation.cluster().gateway("kong", "kong-gateway", true, false).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("spec.gateway.delegated[0]");
            assertThat(finding.message).contains("Deployment kong/kong-gateway").contains("kuma.io/gateway: enabled");
            assertThat(finding.remediation).contains("spec.template.metadata.annotations");
        });
    }

    @Test
    void missingDeploymentIsSaidSo() {
        var context = observed(DelegatedGatewayNotAnnotatedRuleTest::kongGateway,
                Observation.cluster().gateway("kong", "kong-gateway", false, false).build());
        assertThat(rule.evaluate(context)).singleElement()
                .satisfies(finding -> assertThat(finding.message).contains("was not found in the cluster"));
    }

    @Test
    void annotatedGatewayIsFine() {
        var context = observed(DelegatedGatewayNotAnnotatedRuleTest::kongGateway,
                Observation.cluster().gateway("kong", "kong-gateway", true, true).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void offlineOrUnobservedGatewaysSayNothing() {
        assertThat(rule.evaluate(offline(DelegatedGatewayNotAnnotatedRuleTest::kongGateway))).isEmpty();
        assertThat(rule.evaluate(observed(DelegatedGatewayNotAnnotatedRuleTest::kongGateway, Observation.cluster().build()))).isEmpty();
    }
}
