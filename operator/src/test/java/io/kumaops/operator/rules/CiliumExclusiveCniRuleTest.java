package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.CiliumKubeProxyReplacementRuleTest.cilium;
import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.CniSpec;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import org.junit.jupiter.api.Test;

class CiliumExclusiveCniRuleTest {

    private final Rule rule = new CiliumExclusiveCniRule();

    private static void kumaCni(KumaProductionProfileSpec spec) {
        spec.platform.cni = new CniSpec();
        spec.platform.cni.enabled = true;
        spec.platform.cni.chained = true;
    }

    @Test
    void exclusiveCiliumWithKumaCniIsAnError() {
        assertThat(rule.evaluate(offline(spec -> {
            kumaCni(spec);
            spec.platform.cilium = cilium(true, false, true);
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.platform.cilium.cniExclusive");
            assertThat(finding.message).contains("spec.platform.cilium.cniExclusive is true");
            assertThat(finding.remediation).contains("cni.exclusive: false");
        });
    }

    @Test
    void unsetExclusiveCountsAsCiliumsDefaultTrue() {
        assertThat(rule.evaluate(offline(spec -> {
            kumaCni(spec);
            spec.platform.cilium = cilium(true, false, null);
        }))).singleElement().satisfies(finding -> assertThat(finding.message).contains("defaults to cni.exclusive: true"));
    }

    @Test
    void nonExclusiveIsFine() {
        assertThat(rule.evaluate(offline(spec -> {
            kumaCni(spec);
            spec.platform.cilium = cilium(true, false, false);
        }))).isEmpty();
    }

    @Test
    void withoutKumaCniOrWithoutCiliumThereIsNothingToClash() {
        assertThat(rule.evaluate(offline(spec -> spec.platform.cilium = cilium(true, false, true)))).isEmpty();
        assertThat(rule.evaluate(offline(CiliumExclusiveCniRuleTest::kumaCni))).isEmpty();
    }

    @Test
    void observedCiliumAndCniAreUsed() {
        assertThat(rule.evaluate(observed(Observation.cluster().kumaCni(true).cilium(false, true).build()))).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.source).isEqualTo(FindingSource.Cluster);
                    assertThat(finding.path).isEqualTo("ConfigMap kube-system/cilium-config cni-exclusive");
                });
        assertThat(rule.evaluate(observed(Observation.cluster().kumaCni(true).cilium(false, false).build()))).isEmpty();
    }
}
