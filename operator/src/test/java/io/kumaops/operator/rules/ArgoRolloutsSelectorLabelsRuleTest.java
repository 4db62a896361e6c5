package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgoRolloutsSelectorLabelsRuleTest {

    private static final String ENV = "KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS";

    private final Rule rule = new ArgoRolloutsSelectorLabelsRule();

    @Test
    void offlineUnmanagedSaysItCannotBeConfirmed() {
        assertThat(rule.evaluate(offline(spec -> spec.gitOps.argoRollouts = true))).singleElement().satisfies(finding -> {
            assertThat(finding.message).contains("cannot be confirmed offline").contains(ENV + "=rollouts-pod-template-hash");
            assertThat(finding.remediation).contains("controlPlane.envVars." + ENV);
        });
    }

    @Test
    void labelInACommaSeparatedListSatisfiesIt() {
        var context = observed(spec -> spec.gitOps.argoRollouts = true, Observation.cluster()
                .controlPlane(Observation.controlPlane(3, Map.of(ENV, "pod-template-hash, rollouts-pod-template-hash"), null, null)).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void otherLabelsOnlyAreReported() {
        var context = observed(Observation.cluster().argoRollouts(true)
                .controlPlane(Observation.controlPlane(3, Map.of(ENV, "pod-template-hash"), null, null)).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.message).startsWith("Argo Rollouts is installed in the cluster");
        });
    }

    @Test
    void managedControlPlaneIsFine() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.gitOps.argoRollouts = true;
            spec.controlPlane.manage = true;
        }))).isEmpty();
    }

    @Test
    void noRolloutsIsFine() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(observed(Observation.cluster().argoRollouts(false).build()))).isEmpty();
    }
}
