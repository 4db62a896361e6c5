package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.CniSpec;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.PlatformProvider;
import org.junit.jupiter.api.Test;

class RestrictedPlatformWithoutCniRuleTest {

    private final Rule rule = new RestrictedPlatformWithoutCniRule();

    private static CniSpec cni(Boolean enabled) {
        CniSpec cni = new CniSpec();
        cni.enabled = enabled;
        return cni;
    }

    @Test
    void autopilotWithoutCniIsAnError() {
        assertThat(rule.evaluate(offline(spec -> spec.platform.provider = PlatformProvider.GKEAutopilot))).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.path).isEqualTo("spec.platform.cni.enabled");
                    assertThat(finding.message).contains("spec.platform.provider is GKEAutopilot").contains("cni.enabled is not set");
                    assertThat(finding.remediation).contains("cni.enabled: true");
                });
    }

    @Test
    void openShiftWithCniExplicitlyOffIsAnError() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.platform.provider = PlatformProvider.OpenShift;
            spec.platform.cni = cni(false);
        }))).singleElement().satisfies(finding -> assertThat(finding.message).contains("spec.platform.cni.enabled is false"));
    }

    @Test
    void cniEnabledIsFine() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.platform.provider = PlatformProvider.OpenShift;
            spec.platform.cni = cni(true);
        }))).isEmpty();
    }

    @Test
    void otherProvidersAreFine() {
        assertThat(rule.evaluate(offline(spec -> spec.platform.provider = PlatformProvider.GKE))).isEmpty();
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
    }

    @Test
    void observedProviderAndCniAreUsedWhenTheProfileIsSilent() {
        assertThat(rule.evaluate(observed(Observation.cluster().provider("GKEAutopilot").kumaCni(false).build()))).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.source).isEqualTo(FindingSource.Cluster);
                    assertThat(finding.message).contains("detected as GKEAutopilot").contains("does not run Kuma CNI");
                });
        assertThat(rule.evaluate(observed(Observation.cluster().provider("OpenShift").kumaCni(true).build()))).isEmpty();
    }

    @Test
    void profileCniWinsOverTheObservation() {
        assertThat(rule.evaluate(observed(spec -> spec.platform.cni = cni(true),
                Observation.cluster().provider("openshift").kumaCni(false).build()))).isEmpty();
    }
}
