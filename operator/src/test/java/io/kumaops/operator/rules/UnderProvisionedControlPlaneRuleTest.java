package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.ResourceRequirementsSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnderProvisionedControlPlaneRuleTest {

    private static final long MIB = 1024L * 1024L;

    private final Rule rule = new UnderProvisionedControlPlaneRule();

    private static ResourceRequirementsSpec requests(String cpu, String memory) {
        ResourceRequirementsSpec resources = new ResourceRequirementsSpec();
        resources.requests = new ComputeResources(cpu, memory);
        return resources;
    }

    @Test
    void requiredMemoryIsBasePlusOneMibPerDataplaneAndTwoGiFromOneThousand() {
        assertThat(ProductionThresholds.requiredControlPlaneMemoryBytes(0)).isEqualTo(256 * MIB);
        assertThat(ProductionThresholds.requiredControlPlaneMemoryBytes(100)).isEqualTo(356 * MIB);
        assertThat(ProductionThresholds.requiredControlPlaneMemoryBytes(999)).isEqualTo(1255 * MIB);
        assertThat(ProductionThresholds.requiredControlPlaneMemoryBytes(1000)).isEqualTo(2048 * MIB);
        assertThat(ProductionThresholds.requiredControlPlaneMemoryBytes(3000)).isEqualTo(3256 * MIB);
    }

    @Test
    void memoryBelowTheNeedIsReportedWithTheExactValue() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.expectedDataplanes = 500;
            spec.controlPlane.resources = requests("1", "512Mi");
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.resources.requests.memory");
            assertThat(finding.message).contains("is 512Mi, below the 756Mi needed for 500 expected data planes");
            assertThat(finding.remediation).isEqualTo("set spec.controlPlane.resources.requests.memory: 756Mi");
        });
    }

    @Test
    void exactlyTheNeedIsEnough() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.expectedDataplanes = 500;
            spec.controlPlane.resources = requests("1", "756Mi");
        }))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.expectedDataplanes = 1000;
            spec.controlPlane.resources = requests("4", "2Gi");
        }))).isEmpty();
    }

    @Test
    void largeMeshNeedsFourCpusAndTwoGi() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.expectedDataplanes = 1000;
            spec.controlPlane.resources = requests("2", "1Gi");
        }))).extracting((Finding finding) -> finding.path, finding -> finding.remediation).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("spec.controlPlane.resources.requests.memory", "set spec.controlPlane.resources.requests.memory: 2Gi"),
                org.assertj.core.groups.Tuple.tuple("spec.controlPlane.resources.requests.cpu", "set spec.controlPlane.resources.requests.cpu: \"4\""));
    }

    @Test
    void noResourcesButExpectedDataplanesAssumesTheHelmDefault() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.expectedDataplanes = 100))).singleElement().satisfies(finding -> {
            assertThat(finding.message).contains("is not set, so Kuma's Helm default (256Mi) applies").contains("356Mi");
        });
    }

    @Test
    void nothingKnownSaysNothing() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.expectedDataplanes = 0))).isEmpty();
    }

    @Test
    void requestBelowTheBaseIsReportedEvenWithoutADataplaneCount() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.resources = requests(null, "128Mi")))).singleElement()
                .satisfies(finding -> assertThat(finding.message).contains("below the 256Mi needed for an empty mesh"));
    }

    @Test
    void observedRequestsAndObservedDataplanesAreUsedWhenTheProfileIsSilent() {
        var context = observed(Observation.cluster().dataplanes(1200)
                .controlPlane(Observation.controlPlane(3, Map.of(), 4000L, 1024 * MIB)).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("Deployment kuma-system/kuma-control-plane resources.requests.memory");
            assertThat(finding.message).contains("requests 1Gi").contains("2Gi needed for 1200 observed data planes");
        });
    }

    @Test
    void profileRequestsWinOverObservedOnes() {
        var context = observed(spec -> spec.controlPlane.resources = requests("4", "4Gi"),
                Observation.cluster().dataplanes(1200).controlPlane(Observation.controlPlane(3, Map.of(), 500L, 256 * MIB)).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }
}
