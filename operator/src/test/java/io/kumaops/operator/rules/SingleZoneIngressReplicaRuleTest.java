package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.api.v1alpha1.ZoneIngressSpec;
import org.junit.jupiter.api.Test;

class SingleZoneIngressReplicaRuleTest {

    private final Rule rule = new SingleZoneIngressReplicaRule();

    private static void ingress(KumaProductionProfileSpec spec, Integer min, Integer max) {
        spec.multiZone.enabled = true;
        spec.multiZone.zoneIngress = new ZoneIngressSpec();
        spec.multiZone.zoneIngress.minReplicas = min;
        spec.multiZone.zoneIngress.maxReplicas = max;
    }

    @Test
    void maxReplicasOneIsReportedOnMaxReplicas() {
        assertThat(rule.evaluate(offline(spec -> ingress(spec, 1, 1)))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.multiZone.zoneIngress.maxReplicas");
            assertThat(finding.message).contains("maxReplicas is 1");
        });
    }

    @Test
    void minReplicasOneIsReportedOnMinReplicas() {
        assertThat(rule.evaluate(offline(spec -> ingress(spec, 1, 5)))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.multiZone.zoneIngress.minReplicas");
            assertThat(finding.remediation).isEqualTo("set spec.multiZone.zoneIngress.minReplicas: 2");
        });
    }

    @Test
    void twoOrMoreIsFine() {
        assertThat(rule.evaluate(offline(spec -> ingress(spec, 2, 2)))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> ingress(spec, null, null)))).isEmpty();
    }

    @Test
    void notMultiZoneOrNoIngressSectionOrGlobalSaysNothing() {
        assertThat(rule.evaluate(offline(spec -> {
            ingress(spec, 1, 1);
            spec.multiZone.enabled = false;
        }))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.multiZone.enabled = true))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> {
            ingress(spec, 1, 1);
            spec.controlPlane.role = ControlPlaneRole.Global;
        }))).isEmpty();
    }
}
