package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.CiliumSpec;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import org.junit.jupiter.api.Test;

class CiliumKubeProxyReplacementRuleTest {

    private final Rule rule = new CiliumKubeProxyReplacementRule();

    static CiliumSpec cilium(Boolean present, Boolean kubeProxyReplacement, Boolean cniExclusive) {
        CiliumSpec cilium = new CiliumSpec();
        cilium.present = present;
        cilium.kubeProxyReplacement = kubeProxyReplacement;
        cilium.cniExclusive = cniExclusive;
        return cilium;
    }

    @Test
    void kubeProxyReplacementInTheProfileIsAnError() {
        assertThat(rule.evaluate(offline(spec -> spec.platform.cilium = cilium(true, true, false)))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.platform.cilium.kubeProxyReplacement");
            assertThat(finding.message).contains("spec.platform.cilium.kubeProxyReplacement is true");
            assertThat(finding.remediation).contains("kubeProxyReplacement: false");
        });
    }

    @Test
    void disabledOrUnsetReplacementIsFine() {
        assertThat(rule.evaluate(offline(spec -> spec.platform.cilium = cilium(true, false, false)))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.platform.cilium = cilium(true, null, null)))).isEmpty();
    }

    @Test
    void absentCiliumIsFine() {
        assertThat(rule.evaluate(offline(spec -> spec.platform.cilium = cilium(false, true, null)))).isEmpty();
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
    }

    @Test
    void observedCiliumConfigIsUsed() {
        assertThat(rule.evaluate(observed(Observation.cluster().cilium(true, false).build()))).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).startsWith("ConfigMap kube-system/cilium-config");
        });
    }

    @Test
    void profileValueWinsOverTheObservedOne() {
        assertThat(rule.evaluate(observed(spec -> spec.platform.cilium = cilium(null, false, null),
                Observation.cluster().cilium(true, false).build()))).isEmpty();
    }
}
