package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerPatchNotReferencedRuleTest {

    private final Rule rule = new ContainerPatchNotReferencedRule();

    private static void sidecar(io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec spec) {
        spec.sidecar.requests = new ComputeResources("100m", "128Mi");
    }

    @Test
    void anUnmanagedControlPlaneThatDoesNotNameThePatchNeverAppliesIt() {
        var context = observed(ContainerPatchNotReferencedRuleTest::sidecar, Observation.cluster()
                .controlPlane(Observation.controlPlane(1, Map.of("KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES", "other"), null, null))
                .build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.message).contains("does not name ContainerPatch kuma-production-sidecar").contains("names other");
            assertThat(finding.remediation).contains("controlPlane.envVars.KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES");
        });
    }

    @Test
    void aNamedPatchIsFine() {
        var context = observed(ContainerPatchNotReferencedRuleTest::sidecar, Observation.cluster()
                .controlPlane(Observation.controlPlane(1, Map.of("KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES",
                        "other, kuma-production-sidecar"), null, null)).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void offlineNothingIsKnownAndAManagedControlPlaneNamesThePatchItself() {
        assertThat(rule.evaluate(offline(ContainerPatchNotReferencedRuleTest::sidecar))).as("Helm may name it").isEmpty();
        assertThat(rule.evaluate(offline(spec -> {
            sidecar(spec);
            spec.controlPlane.manage = true;
        }))).isEmpty();
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).as("no sidecar resources, no patch").isEmpty();
    }
}
