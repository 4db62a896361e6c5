package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgoCdMeshOwnerReferenceRuleTest {

    private static final String ENV = "KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE";

    private final Rule rule = new ArgoCdMeshOwnerReferenceRule();

    @Test
    void offlineUnmanagedSaysItCannotBeConfirmed() {
        assertThat(rule.evaluate(offline(spec -> spec.gitOps.argoCD = true))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.manage");
            assertThat(finding.message).contains("cannot be confirmed offline").contains(ENV + "=true");
            assertThat(finding.remediation).contains("controlPlane.envVars." + ENV + "=true");
        });
    }

    @Test
    void managedControlPlaneGetsTheEnvFromTheOperator() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.gitOps.argoCD = true;
            spec.controlPlane.manage = true;
        }))).isEmpty();
    }

    @Test
    void observedEnvSatisfiesIt() {
        var context = observed(spec -> spec.gitOps.argoCD = true,
                Observation.cluster().controlPlane(Observation.controlPlane(3, Map.of(ENV, "true"), null, null)).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void observedDeploymentWithoutTheEnvIsReportedFromTheCluster() {
        var context = observed(Observation.cluster().argoCd(true)
                .controlPlane(Observation.controlPlane(3, Map.of(ENV, "false"), null, null)).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("Deployment kuma-system/kuma-control-plane env " + ENV);
            assertThat(finding.message).startsWith("Argo CD is installed in the cluster");
        });
    }

    @Test
    void missingDeploymentIsSaidSo() {
        assertThat(rule.evaluate(observed(spec -> spec.gitOps.argoCD = true, Observation.cluster().build()))).singleElement()
                .satisfies(finding -> assertThat(finding.message).contains("Deployment was not found"));
    }

    @Test
    void noArgoCdIsFine() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(observed(spec -> spec.gitOps.argoCD = false, Observation.cluster().argoCd(true).build()))).isEmpty();
    }
}
