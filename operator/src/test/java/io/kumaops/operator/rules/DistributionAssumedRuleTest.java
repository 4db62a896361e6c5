package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributionAssumedRuleTest {

    private final Rule rule = new DistributionAssumedRule();

    private static ControlPlaneDeployment withImage(String image) {
        return new ControlPlaneDeployment("kuma-system", "kuma-control-plane", 1, Map.of(), null, null, Map.of(), image);
    }

    @Test
    void anImageThatNamesNeitherDistributionIsSaid() {
        assertThat(rule.evaluate(observed(spec -> { }, Observation.cluster().controlPlane(withImage("mirror.local/cp:stable")).build())))
                .singleElement().satisfies(finding -> {
                    assertThat(finding.path).isEqualTo("spec.distribution");
                    assertThat(finding.source).isEqualTo(FindingSource.Cluster);
                    assertThat(finding.message).contains("mirror.local/cp:stable").contains("judged as open-source Kuma");
                });
    }

    @Test
    void noControlPlaneFoundIsSaid() {
        assertThat(rule.evaluate(observed(spec -> { }, Observation.cluster().build()))).singleElement()
                .satisfies(finding -> assertThat(finding.message).contains("no control-plane Deployment kuma-system/kuma-control-plane"));
    }

    @Test
    void aDetectedOrDeclaredDistributionOrOfflineIsSilent() {
        assertThat(rule.evaluate(observed(spec -> { }, Observation.cluster().controlPlane(withImage("kong/kuma-cp:2.12.1")).build()))).isEmpty();
        assertThat(rule.evaluate(observed(spec -> spec.distribution = Distribution.KongMesh,
                Observation.cluster().controlPlane(withImage("mirror.local/cp:stable")).build()))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> { }))).isEmpty();
    }
}
