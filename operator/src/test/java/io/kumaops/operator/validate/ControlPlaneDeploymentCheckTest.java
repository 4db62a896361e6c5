package io.kumaops.operator.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.support.TestProfiles;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator patches only the control-plane Deployments it is given: a managed profile naming another is invalid. */
class ControlPlaneDeploymentCheckTest {

    private static final WriteScope CHART_DEFAULT = WriteScope.ANY.withSystemNamespaces(Set.of("kuma-system"))
            .withControlPlaneDeployments(Set.of("kuma-control-plane"));

    private static KumaProductionProfile managing(String deployment) {
        KumaProductionProfile profile = TestProfiles.example("production.yaml");
        profile.withDefaultedSpec();
        profile.getSpec().controlPlane.systemNamespace = "kuma-system";
        profile.getSpec().controlPlane.deploymentName = deployment;
        profile.getSpec().controlPlane.manage = true;
        return profile;
    }

    @Test
    void aManagedProfileNamingAnotherDeploymentIsRefusedNamingTheFieldTheFlagAndTheHelmValue() {
        KumaProductionProfile coreDns = managing("coredns");

        assertThat(ProfileValidator.validate(coreDns, CHART_DEFAULT)).containsExactly("spec.controlPlane.deploymentName: \"coredns\" is not"
                + " a control-plane Deployment this operator may patch (allowed: kuma-control-plane); set it to one of them, set"
                + " spec.controlPlane.manage to false, or add it to the operator's --control-plane-deployments (Helm value"
                + " rbac.controlPlaneDeployments, which also grants the patch)");
        assertThat(ProfileValidator.validate(coreDns)).as("without the operator's limit the profile itself is valid").isEmpty();
    }

    @Test
    void anEmptyListAllowsNoManagedDeploymentAndSaysSo() {
        WriteScope none = CHART_DEFAULT.withControlPlaneDeployments(Set.of());
        assertThat(none.problems(managing("kuma-control-plane"))).singleElement().asString()
                .startsWith("spec.controlPlane.deploymentName: \"kuma-control-plane\" is not a control-plane Deployment this operator may"
                        + " patch (allowed: none);");
    }

    @Test
    void anAllowedNameAnUnmanagedProfileAUniversalOneOrNoLimitPass() {
        assertThat(CHART_DEFAULT.problems(managing("kuma-control-plane"))).isEmpty();
        KumaProductionProfile unmanaged = managing("coredns");
        unmanaged.getSpec().controlPlane.manage = false;
        assertThat(CHART_DEFAULT.problems(unmanaged)).as("manage false: nothing is patched, any name is observed").isEmpty();
        KumaProductionProfile universal = managing("coredns");
        universal.getSpec().controlPlane.environment = ControlPlaneEnvironment.Universal;
        assertThat(CHART_DEFAULT.problems(universal)).as("Universal: there is no Deployment to patch").isEmpty();
        assertThat(WriteScope.ANY.withSystemNamespaces(Set.of("kuma-system")).problems(managing("coredns")))
                .as("no --control-plane-deployments: no limit (local run, tests)").isEmpty();
    }

    @Test
    void bothLimitsAreReportedTogether() {
        KumaProductionProfile both = managing("coredns");
        both.getSpec().controlPlane.systemNamespace = "kube-system";
        assertThat(CHART_DEFAULT.problems(both)).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("spec.controlPlane.systemNamespace:"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.controlPlane.deploymentName:"));
    }
}
